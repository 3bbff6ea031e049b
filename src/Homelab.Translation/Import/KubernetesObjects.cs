using System.Text.Json.Nodes;
using Homelab.Api.Serialization;
using Homelab.Translation.Export;

namespace Homelab.Translation.Import;

/// <summary>
/// The Kubernetes documents of one import, by kind, namespace and name. Server-owned fields are removed up front (they
/// are no one's intent); the rest is taken by the importers, and what they leave is reported.
/// </summary>
internal sealed class KubernetesObjects
{
    private static readonly string[] ServerMetadata = ["uid", "resourceVersion", "generation", "creationTimestamp", "deletionTimestamp", "managedFields", "selfLink", "finalizers"];
    private static readonly string[] ServerAnnotations = ["kubectl.kubernetes.io/last-applied-configuration", "deployment.kubernetes.io/revision"];

    private readonly List<Entry> _entries = [];

    public KubernetesObjects(IEnumerable<ManifestDocument> documents, string defaultNamespace)
    {
        foreach (var document in documents)
        {
            var obj = (JsonObject)document.Object.DeepClone();
            var metadata = obj["metadata"] as JsonObject;
            foreach (var field in ServerMetadata)
            {
                metadata?.Remove(field);
            }
            foreach (var annotation in ServerAnnotations)
            {
                (metadata?["annotations"] as JsonObject)?.Remove(annotation);
            }
            obj.Remove("status");
            var kind = Take.String(obj, "kind") ?? "";
            var apiVersion = Take.String(obj, "apiVersion") ?? "";
            var name = Take.String(metadata, "name") ?? "";
            var ns = kind == "Namespace" ? "" : Take.String(metadata, "namespace") ?? defaultNamespace;
            _entries.Add(new Entry(document, apiVersion, kind, ns, name, obj));
        }
    }

    public IEnumerable<Entry> OfKind(string apiVersion, string kind) => _entries.Where(e => e.ApiVersion == apiVersion && e.Kind == kind);

    public Entry? Find(string apiVersion, string kind, string ns, string name) =>
        _entries.FirstOrDefault(e => e.ApiVersion == apiVersion && e.Kind == kind && e.Namespace == ns && e.Name == name);

    /// <summary>Warns about every document nothing used and every field left in the documents that were used.</summary>
    public void ReportLeftovers(List<ConversionWarning> warnings)
    {
        foreach (var entry in _entries)
        {
            if (!entry.Used)
            {
                warnings.Add(new ConversionWarning(entry.Document.Source, entry.Display, "", $"{entry.ApiVersion} {entry.Kind} is not part of what hlctl imports (Namespaces, Deployments with their Services, ConfigMaps and claims, NetworkPolicies, Secrets, HTTPRoutes with their Gateway and Certificates, ClusterIssuers)"));
                continue;
            }
            foreach (var path in Take.Leftovers(entry.Object, ""))
            {
                warnings.Add(new ConversionWarning(entry.Document.Source, entry.Display, path, "Homelab has no field for it; not imported"));
            }
        }
    }

    /// <summary>One document: identity taken, the rest in <see cref="Object"/> for the importers to take from.</summary>
    internal sealed class Entry(ManifestDocument document, string apiVersion, string kind, string ns, string name, JsonObject obj)
    {
        public ManifestDocument Document { get; } = document;
        public string ApiVersion { get; } = apiVersion;
        public string Kind { get; } = kind;
        public string Namespace { get; } = ns;
        public string Name { get; } = name;
        public JsonObject Object { get; } = obj;
        public bool Used { get; set; }
        public string Display => $"{Kind} {(Namespace.Length > 0 ? Namespace + "/" : "")}{Name}";

        public WarningScope Warnings(List<ConversionWarning> sink) => new(Document.Source, Display, sink);
    }
}
