using System.Text.Json.Nodes;
using Homelab.Api;
using Homelab.Api.Resources;
using Homelab.Api.Serialization;
using Homelab.Api.Validation;

namespace Homelab.Cli.Apply;

/// <summary>
/// Turns documents into desired objects, checking every one with the daemon's own validators first: an apply either
/// passes this for all documents or writes nothing.
/// </summary>
internal static class ManifestLoader
{
    /// <summary>Server-owned metadata a manifest may carry (copied from `get -o yaml`) but that apply must not send.</summary>
    private static readonly string[] ServerMetadata = ["uid", "resourceVersion", "generation", "creationTimestamp", "deletionTimestamp", "finalizers"];

    public static IReadOnlyList<DesiredObject> Load(IReadOnlyList<ManifestDocument> documents, string defaultNamespace, string? applySet)
    {
        var errors = new List<string>();
        var result = new List<DesiredObject>();
        var seen = new Dictionary<ObjectRef, ManifestDocument>();
        foreach (var document in documents)
        {
            try
            {
                var desired = LoadOne(document, defaultNamespace, applySet);
                if (seen.TryGetValue(desired.Ref, out var first))
                {
                    throw new ManifestException("metadata.name", $"{desired.Display} is also defined in {first.Source} (document {first.Index + 1})");
                }
                seen[desired.Ref] = document;
                result.Add(desired);
            }
            catch (ManifestException e)
            {
                errors.Add(e.Source is null ? e.WithLocation(document.Source, document.Index, document.Line).Message : e.Message);
            }
            catch (ManifestErrors e)
            {
                errors.AddRange(e.Messages);
            }
        }
        if (errors.Count > 0)
        {
            throw new CliException($"nothing was applied: {errors.Count} error(s) in the manifests{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", errors)}");
        }
        // Namespaces first, so everything that lives in one finds it; within a kind keep the file order.
        return [.. result.OrderBy(d => KindOrder(d.Kind))];
    }

    public static int KindOrder(KindInfo kind) => ResourceKinds.All.ToList().IndexOf(kind);

    private static DesiredObject LoadOne(ManifestDocument document, string defaultNamespace, string? applySet)
    {
        var manifest = (JsonObject)document.Object.DeepClone();
        var resource = HomelabJson.ToResource(manifest);
        var kind = ResourceKinds.ByKind(resource.Kind)!;
        var metadata = manifest["metadata"] as JsonObject ?? new JsonObject();
        manifest["metadata"] = metadata;
        foreach (var field in ServerMetadata)
        {
            metadata.Remove(field);
        }
        manifest.Remove("status");
        if (kind.Namespaced && string.IsNullOrEmpty(resource.Metadata.Namespace))
        {
            metadata["namespace"] = defaultNamespace;
            resource.Metadata.Namespace = defaultNamespace;
        }
        if (applySet is not null)
        {
            var labels = metadata["labels"] as JsonObject ?? new JsonObject();
            labels[ApiGroup.ApplySetLabel] = applySet;
            metadata["labels"] = labels;
            resource.Metadata.Labels ??= [];
            resource.Metadata.Labels[ApiGroup.ApplySetLabel] = applySet;
        }
        if (metadata["annotations"] is JsonObject userAnnotations)
        {
            userAnnotations.Remove(ApiGroup.LastAppliedAnnotation);
        }

        ResourceDefaults.Apply(resource);
        var causes = ResourceValidation.Validate(resource);
        if (causes.Count > 0)
        {
            throw new ManifestErrors([.. causes.Select(c => new ManifestException(c.Field, c.Message).WithLocation(document.Source, document.Index, document.Line).Message)]);
        }

        var desired = (JsonObject)manifest.DeepClone();
        var annotations = desired["metadata"]!["annotations"] as JsonObject ?? new JsonObject();
        annotations[ApiGroup.LastAppliedAnnotation] = manifest.ToJsonString(HomelabJson.Options);
        desired["metadata"]!["annotations"] = annotations;
        var reference = new ObjectRef(kind.Kind, kind.Namespaced ? resource.Namespace : "", resource.Name);
        return new DesiredObject(kind, reference, document.Source, document.Index, manifest, desired);
    }

    /// <summary>Several validation failures of one document.</summary>
    private sealed class ManifestErrors(IReadOnlyList<string> messages) : Exception(string.Join("; ", messages))
    {
        public IReadOnlyList<string> Messages { get; } = messages;
    }
}
