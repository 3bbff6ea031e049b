using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Homelab.TestKit;

namespace Homelab.Cli.Tests.Export;

/// <summary>
/// Just enough of an apiserver on loopback for `kubectl apply --dry-run=client`, which has no offline mode: it maps
/// every document's kind through API discovery and GETs the live object before it prints the dry run. This answers
/// discovery for the kinds export writes and 404 for every object, so kubectl parses every file and sends nothing else.
/// </summary>
internal sealed class DiscoveryStandIn : IDisposable
{
    private static readonly Dictionary<string, JsonObject> Discovery = new(StringComparer.Ordinal)
    {
        ["/api"] = new JsonObject { ["kind"] = "APIVersions", ["versions"] = new JsonArray("v1"), ["serverAddressByClientCIDRs"] = new JsonArray() },
        ["/apis"] = new JsonObject
        {
            ["kind"] = "APIGroupList",
            ["apiVersion"] = "v1",
            // The last two are CRDs (Gateway API, cert-manager): in a cluster with them installed, discovery answers so.
            ["groups"] = new JsonArray(Group("apps"), Group("networking.k8s.io"), Group("gateway.networking.k8s.io", "v1beta1"), Group("cert-manager.io")),
        },
        ["/api/v1"] = Resources("v1", ("namespaces", "Namespace", false), ("services", "Service", true), ("configmaps", "ConfigMap", true),
            ("persistentvolumeclaims", "PersistentVolumeClaim", true), ("secrets", "Secret", true)),
        ["/apis/apps/v1"] = Resources("apps/v1", ("deployments", "Deployment", true)),
        ["/apis/networking.k8s.io/v1"] = Resources("networking.k8s.io/v1", ("networkpolicies", "NetworkPolicy", true)),
        ["/apis/gateway.networking.k8s.io/v1"] = Resources("gateway.networking.k8s.io/v1", ("gateways", "Gateway", true), ("httproutes", "HTTPRoute", true)),
        ["/apis/gateway.networking.k8s.io/v1beta1"] = Resources("gateway.networking.k8s.io/v1beta1", ("referencegrants", "ReferenceGrant", true)),
        ["/apis/cert-manager.io/v1"] = Resources("cert-manager.io/v1", ("certificates", "Certificate", true), ("clusterissuers", "ClusterIssuer", false)),
    };

    private readonly HttpListener _listener = new();
    private readonly Task _serving;

    public DiscoveryStandIn()
    {
        Url = $"http://127.0.0.1:{Loopback.FreePort()}/";
        _listener.Prefixes.Add(Url);
        _listener.Start();
        _serving = ServeAsync();
    }

    public string Url { get; }

    /// <summary>A kubeconfig whose one context is this server.</summary>
    public string Kubeconfig => $$$"""
        apiVersion: v1
        kind: Config
        clusters: [{name: stand-in, cluster: {server: "{{{Url}}}"}}]
        contexts: [{name: stand-in, context: {cluster: stand-in, namespace: default}}]
        current-context: stand-in
        users: []
        """;

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return; // stopped
            }
            var found = Discovery.TryGetValue(context.Request.Url!.AbsolutePath.TrimEnd('/'), out var body);
            body ??= new JsonObject { ["kind"] = "Status", ["apiVersion"] = "v1", ["status"] = "Failure", ["reason"] = "NotFound", ["code"] = 404 };
            var bytes = Encoding.UTF8.GetBytes(body.ToJsonString());
            context.Response.StatusCode = found ? 200 : 404;
            context.Response.ContentType = "application/json";
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }

    private static JsonObject Group(string name, params string[] more)
    {
        var versions = new JsonArray([.. ((string[])["v1", .. more]).Select(v => (JsonNode)new JsonObject { ["groupVersion"] = $"{name}/{v}", ["version"] = v })]);
        return new JsonObject { ["name"] = name, ["versions"] = versions, ["preferredVersion"] = versions[0]!.DeepClone() };
    }

    private static JsonObject Resources(string groupVersion, params (string Plural, string Kind, bool Namespaced)[] resources) => new()
    {
        ["kind"] = "APIResourceList",
        ["apiVersion"] = "v1",
        ["groupVersion"] = groupVersion,
        ["resources"] = new JsonArray([.. resources.Select(r => (JsonNode)new JsonObject
        {
            ["name"] = r.Plural,
            ["singularName"] = r.Kind.ToLowerInvariant(),
            ["namespaced"] = r.Namespaced,
            ["kind"] = r.Kind,
            ["verbs"] = new JsonArray("create", "get", "patch"),
        })]),
    };

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _serving.GetAwaiter().GetResult();
    }
}
