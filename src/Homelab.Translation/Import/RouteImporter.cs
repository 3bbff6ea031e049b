using System.Text.Json.Nodes;
using Homelab.Api;
using Homelab.Translation.Export;

namespace Homelab.Translation.Import;

/// <summary>
/// The reverse of <see cref="RouteExporter"/> and <see cref="IssuerExporter"/>: an HTTPRoute becomes a Route whose tls
/// is read from the Gateway listeners it attaches to (a listener whose Secret a cert-manager Certificate writes → that
/// Certificate's issuer; a Secret of the Route's namespace → tls.secretName; no HTTPS listener → plain HTTP), and a
/// ClusterIssuer becomes an Issuer (ca → internal, acme → acme). A backend port the imported Service names is written
/// by its name. The Gateway, Certificates and ReferenceGrants that
/// serve imported Routes are taken with them; anything else in them is reported.
/// </summary>
internal sealed class RouteImporter(KubernetesObjects objects, IReadOnlyList<JsonObject> services)
{
    public JsonObject Route(KubernetesObjects.Entry route)
    {
        route.Used = true;
        var metadata = Take.Object(route.Object, "metadata");
        var spec = Take.Object(route.Object, "spec");
        var result = new JsonObject();
        if (Take.Node(spec, "hostnames") is { } hostnames)
        {
            result["hostnames"] = hostnames;
        }
        var rules = new JsonArray();
        foreach (var rule in (Take.Array(spec, "rules") ?? []).OfType<JsonObject>())
        {
            rules.Add((JsonNode)Rule(rule, route.Namespace));
        }
        result["rules"] = rules;
        if (Tls(route, Take.Array(spec, "parentRefs")) is { } tls)
        {
            result["tls"] = tls;
        }
        return new JsonObject { ["apiVersion"] = ApiGroup.ApiVersion, ["kind"] = "Route", ["metadata"] = ImportedMetadata.Of(route, metadata), ["spec"] = result };
    }

    public static JsonObject Issuer(KubernetesObjects.Entry issuer, IEnumerable<KubernetesObjects.Entry> certificates)
    {
        issuer.Used = true;
        var metadata = ImportedMetadata.Of(issuer, Take.Object(issuer.Object, "metadata"));
        metadata.Remove("namespace");
        var spec = Take.Object(issuer.Object, "spec");
        var result = new JsonObject();
        if (Take.Object(spec, "acme") is { } acme)
        {
            var account = new JsonObject { ["server"] = Take.String(acme, "server") ?? "" };
            if (Take.String(acme, "email") is { } email)
            {
                account["email"] = email;
            }
            if (Take.String(acme, "caBundle") is { } bundle)
            {
                if (FromBase64(bundle) is { } pem)
                {
                    account["caBundle"] = pem;
                }
                else
                {
                    acme["caBundle"] = bundle; // not base64: left for the leftovers' warning
                }
            }
            // The account key and the HTTP-01 solver are how cert-manager does what homelabd does through its proxy.
            Take.Node(acme, "privateKeySecretRef");
            Take.Node(acme, "solvers");
            result["acme"] = account;
        }
        else if (Take.Object(spec, "ca") is { } ca)
        {
            Take.String(ca, "secretName");
            var duration = certificates.Select(c => c.Object["spec"]?["duration"]).OfType<JsonValue>().Select(d => d.ToString()).FirstOrDefault();
            result["internal"] = duration is null ? new JsonObject() : new JsonObject { ["duration"] = duration };
        }
        return new JsonObject { ["apiVersion"] = ApiGroup.ApiVersion, ["kind"] = "Issuer", ["metadata"] = metadata, ["spec"] = result };
    }

    private static string? FromBase64(string text)
    {
        try
        {
            return System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(text));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>The Gateway, Certificates and ReferenceGrants that imported Routes used are consumed whole: Homelab derives them.</summary>
    public void TakeDerived()
    {
        (string ApiVersion, string Kind)[] derived =
        [
            (GatewayConventions.GatewayApiVersion, "Gateway"),
            (GatewayConventions.CertManagerApiVersion, "Certificate"),
            (GatewayConventions.ReferenceGrantApiVersion, "ReferenceGrant"),
        ];
        foreach (var entry in derived.SelectMany(k => objects.OfKind(k.ApiVersion, k.Kind)).Where(e => e.Used))
        {
            Take.Node(entry.Object, "metadata");
            Take.Node(entry.Object, "spec");
        }
    }

    /// <summary>Only path matches and backendRefs to core Services exist in a Route; the rest stays and is reported.</summary>
    private JsonObject Rule(JsonObject rule, string ns)
    {
        var result = new JsonObject();
        if (Take.Array(rule, "matches") is { } matches)
        {
            result["matches"] = new JsonArray([.. matches.OfType<JsonObject>().Select(m => (JsonNode)new JsonObject { ["path"] = Take.Node(m, "path") })]);
        }
        var backends = new JsonArray();
        foreach (var backend in (Take.Array(rule, "backendRefs") ?? []).OfType<JsonObject>())
        {
            Take.IfEquals(backend, "group", "");
            Take.IfEquals(backend, "kind", "Service");
            var name = Take.String(backend, "name");
            var port = Take.Long(backend, "port");
            backends.Add((JsonNode)new JsonObject { ["name"] = name, ["port"] = PortName(ns, name, port) is { } named ? named : port });
        }
        result["backendRefs"] = backends;
        return result;
    }

    /// <summary>A backendRef's port by the name the imported Service gives it, as Routes in Homelab are written.</summary>
    private string? PortName(string ns, string? service, long? port) =>
        services.FirstOrDefault(s => s["metadata"]?["namespace"]?.ToString() == ns && s["metadata"]?["name"]?.ToString() == service)?["spec"]?["ports"] is JsonArray ports
            ? ports.OfType<JsonObject>().FirstOrDefault(p => port is not null && p["containerPort"]?.ToJsonString() == port.Value.ToString(System.Globalization.CultureInfo.InvariantCulture))?["name"]?.ToString()
            : null;

    private JsonObject? Tls(KubernetesObjects.Entry route, JsonArray? parents)
    {
        JsonObject? tls = null;
        foreach (var parent in (parents ?? []).OfType<JsonObject>())
        {
            var ns = parent["namespace"]?.ToString() ?? route.Namespace;
            var gateway = objects.Find(GatewayConventions.GatewayApiVersion, "Gateway", ns, parent["name"]?.ToString() ?? "");
            var listener = (gateway?.Object["spec"]?["listeners"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(l => l["name"]?.ToString() == parent["sectionName"]?.ToString());
            if (gateway is null || listener is null)
            {
                continue; // left in parentRefs, and so reported
            }
            Take.Node(parent, "name");
            Take.Node(parent, "namespace");
            Take.Node(parent, "sectionName");
            Take.IfEquals(parent, "kind", "Gateway");
            gateway.Used = true;
            if (listener["tls"]?["certificateRefs"]?[0] is not JsonObject certificate)
            {
                continue;
            }
            var secretNamespace = certificate["namespace"]?.ToString() ?? ns;
            var issued = objects.OfKind(GatewayConventions.CertManagerApiVersion, "Certificate")
                .FirstOrDefault(c => c.Namespace == secretNamespace && c.Object["spec"]?["secretName"]?.ToString() == certificate["name"]?.ToString());
            if (issued is not null)
            {
                issued.Used = true;
                tls = new JsonObject { ["issuerRef"] = new JsonObject { ["name"] = issued.Object["spec"]?["issuerRef"]?["name"]?.ToString() } };
            }
            else if (secretNamespace == route.Namespace)
            {
                foreach (var grant in objects.OfKind(GatewayConventions.ReferenceGrantApiVersion, "ReferenceGrant").Where(g => g.Namespace == route.Namespace))
                {
                    grant.Used = true;
                }
                tls = new JsonObject { ["secretName"] = certificate["name"]?.ToString() };
            }
        }
        return tls;
    }
}
