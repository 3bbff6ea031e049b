using System.Text.Json.Nodes;
using Homelab.Api.Resources;

namespace Homelab.Translation.Export;

/// <summary>
/// Routes → Gateway API: each Route an HTTPRoute of the same shape (hostnames, path matches, backendRefs with the port
/// as a number), attached to the one Gateway in <see cref="GatewayConventions.Namespace"/> that has an HTTPS listener
/// per TLS host name. A Route's issuer becomes a cert-manager Certificate for that listener; a certificate from a
/// Secret is referenced where it is, with the ReferenceGrant that allows it.
/// </summary>
internal sealed class RouteExporter(IReadOnlyList<Service> services, IReadOnlyList<Issuer> issuers)
{
    private readonly JsonArray _listeners = new(Listener(GatewayConventions.HttpListener, "HTTP", 80, null, null));
    private readonly Dictionary<string, string> _listenerOwners = new(StringComparer.Ordinal);
    private readonly List<JsonObject> _certificates = [];

    /// <summary>The HTTPRoute and, for a certificate from a Secret, its ReferenceGrant.</summary>
    public List<JsonObject> Export(Route route, WarningScope warnings)
    {
        var document = MetadataMapping.Object(GatewayConventions.GatewayApiVersion, "HTTPRoute", route.Name, route.Namespace,
            MetadataMapping.Labels(route.Metadata), MetadataMapping.Annotations(route.Metadata));
        var documents = new List<JsonObject> { document };
        var parents = new JsonArray();
        if (route.Spec.Tls is { } tls)
        {
            var (certificate, grant) = CertificateRef(route, tls);
            if (grant is not null)
            {
                documents.Add(grant);
            }
            foreach (var hostname in route.Spec.Hostnames)
            {
                parents.Add((JsonNode)Parent(GatewayConventions.HttpsListener(hostname)));
                AddHttpsListener(route, hostname, certificate, warnings);
            }
            warnings.Add("spec.tls", "homelabd redirects plain HTTP to HTTPS; the HTTPRoute is attached to the HTTPS listeners only (add an HTTPRoute with a RequestRedirect filter on listener http to keep the redirect)");
        }
        else
        {
            parents.Add((JsonNode)Parent(GatewayConventions.HttpListener));
        }
        var rules = new JsonArray();
        for (var i = 0; i < route.Spec.Rules.Count; i++)
        {
            rules.Add((JsonNode)Rule(route, route.Spec.Rules[i], $"spec.rules[{i}]", warnings));
        }
        document["spec"] = new JsonObject
        {
            ["parentRefs"] = parents,
            ["hostnames"] = new JsonArray([.. route.Spec.Hostnames.Select(h => (JsonNode)h)]),
            ["rules"] = rules,
        };
        return documents;
    }

    /// <summary>The Gateway's namespace, the Gateway with every listener the Routes needed, and the Certificates.</summary>
    public List<JsonObject> Gateway()
    {
        var ns = MetadataMapping.Object("v1", "Namespace", GatewayConventions.Namespace, null);
        var gateway = MetadataMapping.Object(GatewayConventions.GatewayApiVersion, "Gateway", GatewayConventions.GatewayName, GatewayConventions.Namespace);
        gateway["spec"] = new JsonObject { ["gatewayClassName"] = GatewayConventions.GatewayName, ["listeners"] = _listeners.DeepClone() };
        return [ns, gateway, .. _certificates];
    }

    private (JsonObject Ref, JsonObject? Grant) CertificateRef(Route route, RouteTls tls)
    {
        if (tls.SecretName is { } secret)
        {
            var grant = MetadataMapping.Object(GatewayConventions.ReferenceGrantApiVersion, "ReferenceGrant", $"{GatewayConventions.GatewayName}-{route.Name}", route.Namespace);
            grant["spec"] = new JsonObject
            {
                ["from"] = new JsonArray(new JsonObject { ["group"] = "gateway.networking.k8s.io", ["kind"] = "Gateway", ["namespace"] = GatewayConventions.Namespace }),
                ["to"] = new JsonArray(new JsonObject { ["group"] = "", ["kind"] = "Secret", ["name"] = secret }),
            };
            return (new JsonObject { ["name"] = secret, ["namespace"] = route.Namespace }, grant);
        }
        var issuer = tls.IssuerRef!.Name;
        var secretName = GatewayConventions.CertificateSecret(route.Namespace, route.Name);
        var certificate = MetadataMapping.Object(GatewayConventions.CertManagerApiVersion, "Certificate", $"{route.Namespace}-{route.Name}", GatewayConventions.Namespace);
        var spec = new JsonObject
        {
            ["secretName"] = secretName,
            ["dnsNames"] = new JsonArray([.. route.Spec.Hostnames.Select(h => (JsonNode)h)]),
            ["issuerRef"] = new JsonObject { ["group"] = "cert-manager.io", ["kind"] = "ClusterIssuer", ["name"] = issuer },
        };
        // cert-manager renews at 2/3 of the lifetime by default, as homelabd does.
        if (issuers.FirstOrDefault(i => i.Name == issuer)?.Spec.Internal?.Duration is { } duration)
        {
            spec["duration"] = duration;
        }
        certificate["spec"] = spec;
        _certificates.Add(certificate);
        return (new JsonObject { ["name"] = secretName }, null);
    }

    private void AddHttpsListener(Route route, string hostname, JsonObject certificate, WarningScope warnings)
    {
        var name = GatewayConventions.HttpsListener(hostname);
        if (_listenerOwners.TryGetValue(name, out var owner))
        {
            warnings.Add("spec.tls", $"host name {hostname} is also served by Route {owner}, whose certificate its HTTPS listener carries");
            return;
        }
        _listenerOwners[name] = $"{route.Namespace}/{route.Name}";
        _listeners.Add((JsonNode)Listener(name, "HTTPS", 443, hostname, certificate));
    }

    private JsonObject Rule(Route route, RouteRule rule, string path, WarningScope warnings)
    {
        var result = new JsonObject();
        if (rule.Matches is { Count: > 0 } matches)
        {
            result["matches"] = new JsonArray([.. matches.Select(m => (JsonNode)new JsonObject
            {
                ["path"] = new JsonObject { ["type"] = m.Path?.Type, ["value"] = m.Path?.Value },
            })]);
        }
        var backends = new JsonArray();
        for (var i = 0; i < rule.BackendRefs.Count; i++)
        {
            var backend = rule.BackendRefs[i];
            var port = backend.Port.Number ?? services.FirstOrDefault(s => s.Namespace == route.Namespace && s.Name == backend.Name)?.Spec.Ports?.FirstOrDefault(p => p.Name == backend.Port.Name)?.ContainerPort;
            if (port is null)
            {
                warnings.Add($"{path}.backendRefs[{i}].port", $"port \"{backend.Port.Name}\" of Service {backend.Name} is not in this export, and a backendRef needs the number; not exported");
                continue;
            }
            backends.Add((JsonNode)new JsonObject { ["name"] = backend.Name, ["port"] = port });
        }
        result["backendRefs"] = backends;
        return result;
    }

    private static JsonObject Parent(string sectionName) => new()
    {
        ["name"] = GatewayConventions.GatewayName,
        ["namespace"] = GatewayConventions.Namespace,
        ["sectionName"] = sectionName,
    };

    private static JsonObject Listener(string name, string protocol, int port, string? hostname, JsonObject? certificate)
    {
        var listener = new JsonObject { ["name"] = name, ["protocol"] = protocol, ["port"] = port };
        if (hostname is not null)
        {
            listener["hostname"] = hostname;
        }
        if (certificate is not null)
        {
            listener["tls"] = new JsonObject { ["mode"] = "Terminate", ["certificateRefs"] = new JsonArray(certificate) };
        }
        listener["allowedRoutes"] = new JsonObject { ["namespaces"] = new JsonObject { ["from"] = "All" } };
        return listener;
    }
}
