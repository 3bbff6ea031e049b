using System.Text.Json.Nodes;
using Homelab.Api.Resources;
using Homelab.Api.Security;
using Homelab.Api.Validation;

namespace Homelab.Translation.Export;

/// <summary>
/// Homelab objects → Kubernetes manifests, one file per object: 00-namespaces.yaml first (kubectl apply -R visits
/// files in name order, and namespaces must exist first), then NAMESPACE/service-NAME.yaml,
/// NAMESPACE/networkpolicy-NAME.yaml and, with <paramref name="includeSecrets"/>, NAMESPACE/secret-NAME.yaml.
/// UpdatePolicies become annotations in the Service files; ImagePolicies only warnings. Issuers become cert-manager
/// ClusterIssuers (01-clusterissuer-NAME.yaml), Routes Gateway API HTTPRoutes (NAMESPACE/route-NAME.yaml) on one
/// Gateway with the Certificates they imply (homelab-system/gateway-homelab.yaml).
/// </summary>
internal sealed class KubernetesExporter(string defaultVolumeSize, bool includeSecrets)
{
    public const string NamespacesFile = "00-namespaces.yaml";

    public KubernetesExport Export(IReadOnlyList<ExportSource> sources)
    {
        var warnings = new List<ConversionWarning>();
        var comments = new YamlComments();
        foreach (var source in sources)
        {
            // As homelabd stores them, so an export from files and one from the daemon are the same.
            ResourceDefaults.Apply(source.Resource);
        }
        var ordered = sources.OrderBy(s => s.Resource.Namespace, StringComparer.Ordinal).ThenBy(s => s.Resource.Name, StringComparer.Ordinal).ToList();
        WarningScope Scope(ExportSource s) => new(s.File, $"{s.Resource.Kind} {(s.Resource.Namespace.Length > 0 ? s.Resource.Namespace + "/" : "")}{s.Resource.Name}", warnings);

        var files = new List<ExportFile>();
        var namespaces = ordered.Where(s => s.Resource is Namespace).Select(s => Namespace(s.Resource, Scope(s))).ToList();
        if (namespaces.Count > 0)
        {
            files.Add(new ExportFile(NamespacesFile, namespaces));
        }
        var secrets = ordered.Where(s => s.Resource is Secret).ToList();
        foreach (var source in secrets)
        {
            var secret = (Secret)source.Resource;
            if (includeSecrets)
            {
                files.Add(new ExportFile($"{secret.Namespace}/secret-{secret.Name}.yaml", [SecretExporter.Export(secret)]));
            }
            else
            {
                Scope(source).Add("data", $"not exported without --include-secrets; create it in the cluster by hand (kubectl create secret generic {secret.Name} -n {secret.Namespace} --from-file=KEY=FILE …)");
            }
        }
        var exportedSecrets = secrets.Where(_ => includeSecrets).Select(s => s.Resource).ToLookup(s => s.Namespace, s => s.Name);
        foreach (var source in ordered.Where(s => s.Resource is ImagePolicy))
        {
            ImagePolicyExporter.Warn((ImagePolicy)source.Resource, Scope(source));
        }
        var services = ordered.Where(s => s.Resource is Service).ToList();
        var updates = UpdateAnnotations(ordered.Where(s => s.Resource is UpdatePolicy).ToList(), services, Scope);
        var exporter = new ServiceExporter(defaultVolumeSize, comments);
        foreach (var source in services)
        {
            var service = (Service)source.Resource;
            var documents = exporter.Export(service, Scope(source), updates.GetValueOrDefault(service) ?? [], exportedSecrets[service.Namespace].ToHashSet(StringComparer.Ordinal));
            files.Add(new ExportFile($"{service.Namespace}/service-{service.Name}.yaml", documents));
        }
        foreach (var source in ordered.Where(s => s.Resource is NetworkPolicy))
        {
            var policy = (NetworkPolicy)source.Resource;
            files.Add(new ExportFile($"{policy.Namespace}/networkpolicy-{policy.Name}.yaml", [NetworkPolicyExporter.Export(policy, comments)]));
        }
        var routes = new RouteExporter([.. services.Select(s => (Service)s.Resource)], [.. ordered.Select(s => s.Resource).OfType<Issuer>()]);
        foreach (var source in ordered.Where(s => s.Resource is Issuer))
        {
            files.Add(new ExportFile($"01-clusterissuer-{source.Resource.Name}.yaml", [IssuerExporter.Export((Issuer)source.Resource, Scope(source))]));
        }
        var routeSources = ordered.Where(s => s.Resource is Route).ToList();
        foreach (var source in routeSources)
        {
            files.Add(new ExportFile($"{source.Resource.Namespace}/route-{source.Resource.Name}.yaml", routes.Export((Route)source.Resource, Scope(source))));
        }
        if (routeSources.Count > 0)
        {
            files.Add(new ExportFile($"{GatewayConventions.Namespace}/gateway-{GatewayConventions.GatewayName}.yaml", routes.Gateway()));
            warnings.Add(new ConversionWarning(null, $"Gateway {GatewayConventions.Namespace}/{GatewayConventions.GatewayName}", "spec.gatewayClassName",
                $"set it to your cluster's GatewayClass (Envoy Gateway, Cilium, Traefik, …); \"{GatewayConventions.GatewayName}\" stands in for the proxy homelabd runs"));
        }
        return new KubernetesExport(files, comments, warnings);
    }

    /// <summary>The security levels become Pod Security Admission's labels; what Kubernetes has no word for is warned about.</summary>
    private static JsonObject Namespace(Resource ns, WarningScope warnings)
    {
        var labels = MetadataMapping.Labels(ns.Metadata);
        if (!labels.ContainsKey(SecurityLabels.Enforce))
        {
            warnings.Add($"metadata.labels[{SecurityLabels.Enforce}]", $"not set: homelabd enforces its --default-security-level (baseline unless changed), Kubernetes enforces nothing; set {PodSecurityLabels.Enforce} to keep a level");
        }
        PodSecurityLabels.ToKubernetes(labels);
        foreach (var (annotation, what) in (ReadOnlySpan<(string, string)>)[(SecurityLabels.AllowedHostPaths, "hostPath volumes"), (SecurityLabels.AllowedDevices, "devices (hostPath volumes there)")])
        {
            if (ns.Metadata.Annotations?.GetValueOrDefault(annotation) is { } allowed)
            {
                warnings.Add($"metadata.annotations[{annotation}]", $"Pod Security admission has no allowances: at baseline and restricted it refuses all {what}, {allowed} too; kept as an annotation nothing in Kubernetes reads (a namespace that needs them must enforce privileged)");
            }
        }
        return MetadataMapping.Object("v1", "Namespace", ns.Name, null, labels, MetadataMapping.Annotations(ns.Metadata));
    }

    /// <summary>Keel reads one policy per Deployment: the first UpdatePolicy (by name) that selects a Service wins.</summary>
    private static Dictionary<Service, Dictionary<string, string>> UpdateAnnotations(List<ExportSource> policies, List<ExportSource> services, Func<ExportSource, WarningScope> scope)
    {
        var result = new Dictionary<Service, Dictionary<string, string>>(ReferenceEqualityComparer.Instance);
        var owner = new Dictionary<Service, string>(ReferenceEqualityComparer.Instance);
        foreach (var source in policies)
        {
            var policy = (UpdatePolicy)source.Resource;
            var warnings = scope(source);
            var selected = services.Select(s => (Service)s.Resource)
                .Where(s => s.Namespace == policy.Namespace && policy.Spec.ServiceSelector?.Matches(s.Metadata.Labels) == true)
                .ToList();
            if (selected.Count == 0)
            {
                warnings.Add("spec.serviceSelector", "selects no exported Service; the UpdatePolicy is not exported");
                continue;
            }
            var annotations = UpdatePolicyExporter.Annotations(policy, warnings);
            foreach (var service in selected)
            {
                if (owner.TryGetValue(service, out var first))
                {
                    warnings.Add("spec.serviceSelector", $"Service {service.Name} is also selected by UpdatePolicy {first}, whose Keel annotations it carries; Keel reads one policy per Deployment");
                    continue;
                }
                owner[service] = policy.Name;
                result[service] = annotations;
            }
        }
        return result;
    }
}
