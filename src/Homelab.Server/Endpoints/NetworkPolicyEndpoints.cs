using System.Globalization;
using System.Text.Json;
using Homelab.Api.Protocol;
using Homelab.Api.Serialization;
using Homelab.Controllers.NetworkPolicies;
using Homelab.Nftables.Access;
using Homelab.Nftables.Model;
using Homelab.Nftables.Rendering;
using Homelab.Server.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

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
    private static readonly JsonSerializerOptions Json = HomelabJson.Create(ServerJsonContext.Default);

    public static IEndpointRouteBuilder MapNetworkPolicyEndpoints(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // Plain request delegates, not parameter binding: binding a delegate needs reflection the Native AOT daemon lacks.
        app.MapGet(ApiPaths.Root + "/namespaces/{ns}/networkpolicies/{name}/nft", context =>
            PolicyNft(ResourceRoute.Value(context, "ns"), ResourceRoute.Value(context, "name"), Source(context)).ExecuteAsync(context));
        app.MapGet(ApiPaths.ExplainAccess, context => ExplainAccess(context.Request, Source(context)).ExecuteAsync(context));
        app.MapGet(ApiPaths.Root + "/namespaces/{ns}/services/{name}/access", context =>
            ServiceAccess(ResourceRoute.Value(context, "ns"), ResourceRoute.Value(context, "name"), Source(context)).ExecuteAsync(context));
        return app;
    }

    private static FirewallModelSource Source(HttpContext context) => context.RequestServices.GetRequiredService<FirewallModelSource>();

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
            var snapshot = source.Build();
            var decision = NftExplain.Explain(snapshot.Model, snapshot.Ruleset.TableName, from, to, port, protocol.Length == 0 ? PortProtocols.Tcp : protocol);
            return Results.Json(decision, HomelabJson.TypeInfo<AccessDecision>(Json));
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
            ? Results.Json(model.Summarize(service), HomelabJson.TypeInfo<ServiceAccessSummary>(Json))
            : NotFound($"services \"{name}\" not found in namespace \"{ns}\"", "Service", name);
    }

    private static IResult NotFound(string message, string kind, string name) => Results.Json(
        new Status { Message = message, Reason = StatusReasons.NotFound, Code = StatusCodes.Status404NotFound, Details = new StatusDetails { Kind = kind, Name = name } },
        HomelabJson.TypeInfo<Status>(),
        statusCode: StatusCodes.Status404NotFound);

    private static IResult BadRequest(string message) => Results.Json(
        new Status { Message = message, Reason = StatusReasons.BadRequest, Code = StatusCodes.Status400BadRequest },
        HomelabJson.TypeInfo<Status>(),
        statusCode: StatusCodes.Status400BadRequest);
}
