using System.Text.Json.Nodes;
using Homelab.Api;
using Homelab.Api.Meta;

namespace Homelab.Translation.Export;

/// <summary>Labels and annotations as they cross over: hlctl's own bookkeeping stays behind, the rest is copied.</summary>
internal static class MetadataMapping
{
    /// <summary>Keys that are hlctl's bookkeeping, not the user's intent; kubectl keeps its own equivalents.</summary>
    private static readonly string[] Bookkeeping = [ApiGroup.LastAppliedAnnotation, ApiGroup.ApplySetLabel, ApiGroup.NamespaceNameLabel];

    public static JsonObject Labels(ObjectMeta meta) => Copy(meta.Labels, key => !Bookkeeping.Contains(key));

    /// <summary>Annotations without bookkeeping and without those the export consumed (e.g. volume sizes).</summary>
    public static JsonObject Annotations(ObjectMeta meta, Func<string, bool>? consumed = null) =>
        Copy(meta.Annotations, key => !Bookkeeping.Contains(key) && consumed?.Invoke(key) != true);

    public static JsonObject Object(string apiVersion, string kind, string name, string? ns, JsonObject? labels = null, JsonObject? annotations = null)
    {
        var metadata = new JsonObject { ["name"] = name };
        if (ns is not null)
        {
            metadata["namespace"] = ns;
        }
        if (labels is { Count: > 0 })
        {
            metadata["labels"] = labels;
        }
        if (annotations is { Count: > 0 })
        {
            metadata["annotations"] = annotations;
        }
        return new JsonObject { ["apiVersion"] = apiVersion, ["kind"] = kind, ["metadata"] = metadata };
    }

    private static JsonObject Copy(Dictionary<string, string>? map, Func<string, bool> keep)
    {
        var result = new JsonObject();
        foreach (var (key, value) in (map ?? []).Where(p => keep(p.Key)).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            result[key] = value;
        }
        return result;
    }
}
