using System.Globalization;
using Homelab.Api.Protocol;
using Homelab.Api.Serialization;
using Homelab.Controllers.NetworkPolicies;
using Homelab.Nftables.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Homelab.Server.Endpoints;

/// <summary>
/// Read-only views of the firewall, computed from the store with the same model the controller loads:
/// <list type="bullet">
/// <item>GET …/namespaces/{ns}/networkpolicies/{name}/nft — text/plain, the sets and chains compiled for the policy;</item>
/// <item>GET /apis/homelab.dev/v1alpha1/explain-access?from=&amp;to=&amp;port=&amp;protocol= — JSON {allowed, reason, policies, egress, ingress};</item>
/// <item>GET …/namespaces/{ns}/services/{name}/access — JSON, the Service's effective access (for hlctl describe).</item>
/// </list>
/// Needs <c>AddNetworkPolicyViews()</c> (or <c>AddNetworkPolicyController()</c>).
/// </summary>
public static class NetworkPolicyEndpoints
{
    public static IEndpointRouteBuilder MapNetworkPolicyEndpoints(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet(ApiPaths.Root + "/namespaces/{ns}/networkpolicies/{name}/nft", PolicyNft);
        app.MapGet(ApiPaths.ExplainAccess, ExplainAccess);
        app.MapGet(ApiPaths.Root + "/namespaces/{ns}/services/{name}/access", ServiceAccess);
        return app;
    }

    private static IResult PolicyNft(string ns, string name, FirewallModelSource source)
    {
        var snapshot = source.Build();
        return snapshot.Ruleset.PolicyRules.TryGetValue(new PolicyRef(ns, name), out var text)
            ? Results.Text(text, "text/plain; charset=utf-8")
            : NotFound($"networkpolicies \"{name}\" not found in namespace \"{ns}\"", "NetworkPolicy", name);
    }

    private static IResult ExplainAccess(HttpRequest request, FirewallModelSource source)
    {
        var from = request.Query["from"].ToString();
        var to = request.Query["to"].ToString();
        var portText = request.Query["port"].ToString();
        var protocol = request.Query["protocol"].ToString();
        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port))
        {
            return BadRequest($"port: \"{portText}\" is not a port number (1-65535)");
        }
        try
        {
            var decision = source.Build().Model.Explain(from, to, port, protocol.Length == 0 ? PortProtocols.Tcp : protocol);
            return Results.Json(decision, HomelabJson.Options);
        }
        catch (ArgumentException e)
        {
            return BadRequest(e.Message.Split(" (Parameter", 2)[0]);
        }
    }

    private static IResult ServiceAccess(string ns, string name, FirewallModelSource source)
    {
        var model = source.Build().Model;
        return model.FindService(ns, name) is { } service
            ? Results.Json(model.Summarize(service), HomelabJson.Options)
            : NotFound($"services \"{name}\" not found in namespace \"{ns}\"", "Service", name);
    }

    private static IResult NotFound(string message, string kind, string name) => Results.Json(
        new Status { Message = message, Reason = StatusReasons.NotFound, Code = StatusCodes.Status404NotFound, Details = new StatusDetails { Kind = kind, Name = name } },
        HomelabJson.Options,
        statusCode: StatusCodes.Status404NotFound);

    private static IResult BadRequest(string message) => Results.Json(
        new Status { Message = message, Reason = StatusReasons.BadRequest, Code = StatusCodes.Status400BadRequest },
        HomelabJson.Options,
        statusCode: StatusCodes.Status400BadRequest);
}
