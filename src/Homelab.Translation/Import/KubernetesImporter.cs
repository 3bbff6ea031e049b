using System.Text.Json.Nodes;
using Homelab.Api;
using Homelab.Api.Merge;
using Homelab.Api.Resources;
using Homelab.Api.Serialization;
using Homelab.Api.Validation;
using Homelab.Translation.Export;

namespace Homelab.Translation.Import;

/// <summary>
/// Kubernetes manifests → Homelab objects, for the subset export writes: Namespaces, Deployments (with the core
/// Services that select their pods, their claims and ConfigMaps), NetworkPolicies, Secrets, HTTPRoutes (with the
/// Gateway and cert-manager Certificates they use) and cert-manager ClusterIssuers. Every document or field not
/// taken is a warning; every object is checked by Homelab's own schema and validators, and any error fails the import.
/// </summary>
internal sealed class KubernetesImporter(string defaultVolumeSize)
{
    public (IReadOnlyList<ExportFile> Files, IReadOnlyList<ConversionWarning> Warnings) Import(IReadOnlyList<ManifestDocument> documents, string defaultNamespace)
    {
        var warnings = new List<ConversionWarning>();
        var objects = new KubernetesObjects(documents, defaultNamespace);
        var imported = new List<(KubernetesObjects.Entry Source, JsonObject Object, string File)>();
        // The Gateway's namespace is where homelabd runs its proxy: homelabd makes it itself.
        foreach (var gatewayNamespace in objects.OfKind("v1", "Namespace").Where(e => e.Name == GatewayConventions.Namespace))
        {
            gatewayNamespace.Used = true;
            gatewayNamespace.Object.Clear();
        }
        var namespaces = objects.OfKind("v1", "Namespace").Where(e => e.Name != GatewayConventions.Namespace).OrderBy(e => e.Name, StringComparer.Ordinal).ToList();
        imported.AddRange(namespaces.Select(e => (e, Namespace(e), KubernetesExporter.NamespacesFile)));

        // Before the Services that mount them, as hlctl apply orders them.
        foreach (var entry in Ordered(objects.OfKind("v1", "Secret")))
        {
            imported.Add((entry, SecretImporter.Import(entry), $"{entry.Namespace}/secret-{entry.Name}.yaml"));
        }
        var deployments = new DeploymentImporter(objects, defaultVolumeSize, warnings);
        var pods = new List<(string Namespace, JsonObject Labels)>();
        foreach (var entry in Ordered(objects.OfKind("apps/v1", "Deployment")))
        {
            var (service, podLabels) = deployments.Import(entry);
            pods.Add((entry.Namespace, podLabels));
            imported.Add((entry, service, $"{entry.Namespace}/service-{entry.Name}.yaml"));
        }
        foreach (var entry in objects.OfKind("v1", "Service"))
        {
            CoreService(entry, pods);
        }
        foreach (var entry in Ordered(objects.OfKind("networking.k8s.io/v1", "NetworkPolicy")))
        {
            imported.Add((entry, NetworkPolicyImporter.Import(entry), $"{entry.Namespace}/networkpolicy-{entry.Name}.yaml"));
        }
        foreach (var entry in Ordered(objects.OfKind(GatewayConventions.CertManagerApiVersion, "ClusterIssuer")))
        {
            var certificates = objects.OfKind(GatewayConventions.CertManagerApiVersion, "Certificate").Where(c => c.Object["spec"]?["issuerRef"]?["name"]?.ToString() == entry.Name);
            imported.Add((entry, RouteImporter.Issuer(entry, certificates), $"issuer-{entry.Name}.yaml"));
        }
        var routes = new RouteImporter(objects, [.. imported.Select(i => i.Object).Where(o => o["kind"]?.ToString() == "Service")]);
        foreach (var entry in Ordered(objects.OfKind(GatewayConventions.GatewayApiVersion, "HTTPRoute")))
        {
            imported.Add((entry, routes.Route(entry), $"{entry.Namespace}/route-{entry.Name}.yaml"));
        }
        routes.TakeDerived();
        objects.ReportLeftovers(warnings);
        var resources = ImportValidation.Validate(imported.Select(i => ($"{i.Source.Document.Source}: {i.Source.Display}", i.Object)));
        var files = imported.Zip(resources).GroupBy(i => i.First.File).Select(g => new ExportFile(g.Key, [.. g.Select(i => HomelabJson.ToNode(i.Second))])).ToList();
        return (files, warnings);
    }

    private static IEnumerable<KubernetesObjects.Entry> Ordered(IEnumerable<KubernetesObjects.Entry> entries) =>
        entries.OrderBy(e => e.Namespace, StringComparer.Ordinal).ThenBy(e => e.Name, StringComparer.Ordinal);

    private static JsonObject Namespace(KubernetesObjects.Entry entry)
    {
        entry.Used = true;
        var metadata = Take.Object(entry.Object, "metadata");
        var result = new JsonObject { ["name"] = entry.Name };
        if (Take.Node(metadata, "labels") is JsonObject labels)
        {
            // Both are the apiserver's doing; homelabd adds its own.
            labels.Remove(KubernetesConventions.KubernetesNamespaceLabel);
            labels.Remove(ApiGroup.NamespaceNameLabel);
            PodSecurityLabels.ToHomelab(labels);
            if (labels.Count > 0)
            {
                result["labels"] = labels;
            }
        }
        if (Take.Node(metadata, "annotations") is JsonObject { Count: > 0 } annotations)
        {
            result["annotations"] = annotations;
        }
        Take.IfEquals(entry.Object, "spec", new JsonObject());
        return new JsonObject { ["apiVersion"] = ApiGroup.ApiVersion, ["kind"] = "Namespace", ["metadata"] = result };
    }

    /// <summary>A ClusterIP Service in front of an imported Deployment's pods adds nothing: Homelab reaches a Service
    /// at its container ports. One that maps ports or is of another type keeps those fields, which are reported.</summary>
    private static void CoreService(KubernetesObjects.Entry entry, List<(string Namespace, JsonObject Labels)> pods)
    {
        var spec = Take.Object(entry.Object, "spec");
        if (spec?["selector"] is not JsonObject { Count: > 0 } selector
            || !pods.Any(p => p.Namespace == entry.Namespace && selector.All(l => JsonCanonical.DeepEquals(p.Labels[l.Key], l.Value))))
        {
            return;
        }
        entry.Used = true;
        Take.Node(Take.Object(entry.Object, "metadata"), "labels");
        Take.Node(spec, "selector");
        Take.IfEquals(spec, "type", "ClusterIP");
        foreach (var port in (Take.Array(spec, "ports") ?? []).OfType<JsonObject>())
        {
            if (port["targetPort"] is null || JsonCanonical.DeepEquals(port["port"], port["targetPort"]))
            {
                Take.Node(port, "name");
                Take.Node(port, "port");
                Take.Node(port, "targetPort");
                Take.Node(port, "protocol");
            }
        }
    }
}
