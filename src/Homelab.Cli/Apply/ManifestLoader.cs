using System.Text.Json;
using System.Text.Json.Nodes;
using Homelab.Api;
using Homelab.Api.Resources;
using Homelab.Api.Serialization;
using Homelab.Api.Validation;

namespace Homelab.Cli.Apply;

/// <summary>
/// Turns documents into desired objects (<see cref="Load"/>: identity only, cheap) and checks them with the daemon's own
/// schema and validators (<see cref="Validate"/>). Either every document passes or the caller writes nothing.
/// </summary>
internal static class ManifestLoader
{
    public const string NothingApplied = "nothing was applied";

    /// <summary>Server-owned metadata a manifest may carry (copied from `get -o yaml`) but that apply must not send.</summary>
    private static readonly string[] ServerMetadata = ["uid", "resourceVersion", "generation", "creationTimestamp", "deletionTimestamp", "finalizers"];

    public static IReadOnlyList<DesiredObject> Load(IReadOnlyList<ManifestDocument> documents, string defaultNamespace, string? applySet, string outcome = NothingApplied)
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
                errors.Add(Locate(e, document));
            }
        }
        ThrowIfAny(errors, outcome);
        // Namespaces first, so everything that lives in one finds it; within a kind keep the file order.
        return [.. result.OrderBy(d => KindOrder(d.Kind))];
    }

    /// <summary>
    /// Reads every object as its typed resource (unknown fields, wrong types) and runs the shared validators on it, defaulted
    /// as the daemon would. Reports every problem in every document, each naming file, document, field and reason.
    /// </summary>
    public static void Validate(IReadOnlyList<DesiredObject> desired, string outcome = NothingApplied)
    {
        var errors = new List<string>();
        foreach (var wanted in desired.OrderBy(d => d.Document.Source, StringComparer.Ordinal).ThenBy(d => d.Document.Index))
        {
            try
            {
                var resource = HomelabJson.ToResource(wanted.Manifest);
                ResourceDefaults.Apply(resource);
                errors.AddRange(ResourceValidation.Validate(resource).Select(c => Locate(new ManifestException(c.Field, c.Message), wanted.Document)));
            }
            catch (ManifestException e)
            {
                errors.Add(Locate(e, wanted.Document));
            }
        }
        ThrowIfAny(errors, outcome);
    }

    public static int KindOrder(KindInfo kind) => ResourceKinds.All.ToList().IndexOf(kind);

    private static DesiredObject LoadOne(ManifestDocument document, string defaultNamespace, string? applySet)
    {
        var manifest = (JsonObject)document.Object.DeepClone();
        var kind = KindOf(manifest);
        var metadata = manifest["metadata"] as JsonObject ?? throw new ManifestException("metadata", "is required");
        var name = StringField(metadata, "name") is { Length: > 0 } n ? n
            : throw new ManifestException("metadata.name", metadata["name"] is null ? "is required" : "must be a non-empty string");
        foreach (var field in ServerMetadata)
        {
            metadata.Remove(field);
        }
        manifest.Remove("status");
        var ns = StringField(metadata, "namespace");
        if (kind.Namespaced && string.IsNullOrEmpty(ns))
        {
            ns = defaultNamespace;
            metadata["namespace"] = ns;
        }
        if (applySet is not null)
        {
            var labels = metadata["labels"] as JsonObject ?? new JsonObject();
            labels[ApiGroup.ApplySetLabel] = applySet;
            metadata["labels"] = labels;
        }
        if (metadata["annotations"] is JsonObject userAnnotations)
        {
            userAnnotations.Remove(ApiGroup.LastAppliedAnnotation);
        }
        var isSecret = kind == ResourceKinds.Secret;
        if (isSecret)
        {
            // The daemon stores only data; planning on the same form keeps a re-apply of stringData "unchanged".
            SecretData.FoldStringData(manifest);
        }

        var desired = (JsonObject)manifest.DeepClone();
        var desiredMetadata = (JsonObject)desired["metadata"]!;
        var annotations = desiredMetadata["annotations"] as JsonObject ?? new JsonObject();
        annotations[ApiGroup.LastAppliedAnnotation] = (isSecret ? SecretData.WithoutValues(manifest) : manifest).ToJsonString(HomelabJson.Options);
        desiredMetadata["annotations"] = annotations;
        var reference = new ObjectRef(kind.Kind, kind.Namespaced ? ns! : "", name);
        return new DesiredObject(kind, reference, document, manifest, desired);
    }

    private static KindInfo KindOf(JsonObject manifest)
    {
        var kindName = StringField(manifest, "kind");
        if (string.IsNullOrEmpty(kindName))
        {
            throw new ManifestException("kind", "is required");
        }
        var kind = ResourceKinds.ByKind(kindName)
            ?? throw new ManifestException("kind", $"unknown kind \"{kindName}\"; known kinds: {string.Join(", ", ResourceKinds.All.Select(k => k.Kind))}");
        var apiVersion = StringField(manifest, "apiVersion");
        if (apiVersion != ApiGroup.ApiVersion)
        {
            throw new ManifestException("apiVersion", $"must be {ApiGroup.ApiVersion}, not \"{apiVersion}\"");
        }
        return kind;
    }

    private static string? StringField(JsonObject obj, string name) =>
        obj[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    private static string Locate(ManifestException e, ManifestDocument document) =>
        e.Source is null ? e.WithLocation(document.Source, document.Index, document.Line).Message : e.Message;

    private static void ThrowIfAny(List<string> errors, string outcome)
    {
        if (errors.Count > 0)
        {
            throw new CliException($"{outcome}: {errors.Count} error(s) in the manifests{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", errors)}");
        }
    }
}
