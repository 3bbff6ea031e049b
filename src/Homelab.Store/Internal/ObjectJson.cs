using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Homelab.Store.Internal;

/// <summary>Reads and writes the metadata fields the store owns, on raw JSON objects (the store is kind-agnostic).</summary>
internal static class ObjectJson
{
    private static readonly IReadOnlyDictionary<string, string> NoLabels = FrozenDictionary<string, string>.Empty;

    public static JsonObject Metadata(JsonObject obj)
    {
        if (obj["metadata"] is JsonObject metadata)
        {
            return metadata;
        }
        metadata = [];
        obj["metadata"] = metadata;
        return metadata;
    }

    public static string? GetString(JsonObject? obj, string name) =>
        obj?[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    public static string? Uid(JsonObject obj) => obj["metadata"] is JsonObject m ? GetString(m, "uid") : null;

    public static bool IsTerminating(JsonObject obj) => obj["metadata"] is JsonObject m && m["deletionTimestamp"] is not null;

    public static bool HasFinalizers(JsonObject obj) => obj["metadata"] is JsonObject m && m["finalizers"] is JsonArray { Count: > 0 };

    /// <summary>Parsed once per write so List can filter by selector without touching JSON.</summary>
    public static IReadOnlyDictionary<string, string> Labels(JsonObject obj)
    {
        if (obj["metadata"] is not JsonObject m || m["labels"] is not JsonObject labels || labels.Count == 0)
        {
            return NoLabels;
        }
        var result = new Dictionary<string, string>(labels.Count, StringComparer.Ordinal);
        foreach (var (key, value) in labels)
        {
            result[key] = value is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : value?.ToJsonString() ?? "";
        }
        return result.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>
    /// A dry run's answer: the object as the write would leave it, but with the resourceVersion and generation it has
    /// now, since nothing was written (as the apiserver answers dryRun=All; a new object has no resourceVersion yet).
    /// </summary>
    public static WriteResult AsDryRun(WriteResult result, StoredObject? before)
    {
        var node = result.Object.ToNode();
        var metadata = Metadata(node);
        if (before is null)
        {
            metadata.Remove("resourceVersion");
        }
        else
        {
            metadata["resourceVersion"] = before.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);
            metadata["generation"] = before.ToNode()["metadata"]?["generation"]?.DeepClone();
        }
        return result with { Object = ToStored(result.Object.Key, before?.ResourceVersion ?? 0, node) };
    }

    public static JsonObject Clone(JsonObject obj) => (JsonObject)obj.DeepClone();

    public static JsonObject Parse(string json) => JsonNode.Parse(json) as JsonObject ?? throw new InvalidDataException("stored object is not a JSON object");

    public static StoredObject ToStored(ObjectKey key, long resourceVersion, JsonObject obj) =>
        new(key, resourceVersion, obj.ToJsonString(Homelab.Api.Serialization.HomelabJson.Options), Labels(obj));

    public static StoredObject ToStored(ObjectKey key, long resourceVersion, string json) =>
        new(key, resourceVersion, json, Labels(Parse(json)));
}
