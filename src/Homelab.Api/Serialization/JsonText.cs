using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Homelab.Api.Serialization;

/// <summary>Lenient reads from untyped JSON: the CLI prints what the daemon sends without failing on a field it did not expect.</summary>
public static class JsonText
{
    public static string? String(JsonNode? node) => node switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v => v.ToJsonString(),
        _ => node.ToJsonString(),
    };

    public static long? Long(JsonNode? node) => node switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<long>(out var l) => l,
        JsonValue v when v.GetValueKind() == JsonValueKind.String && long.TryParse(v.GetValue<string>(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) => l,
        _ => null,
    };

    public static DateTimeOffset? Time(JsonNode? node) =>
        String(node) is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : null;

    public static string Name(JsonObject obj) => String(obj["metadata"]?["name"]) ?? "";

    public static string? Namespace(JsonObject obj) => String(obj["metadata"]?["namespace"]);

    public static string Kind(JsonObject obj) => String(obj["kind"]) ?? "";

    public static IReadOnlyList<KeyValuePair<string, string>> Map(JsonNode? node) => node is JsonObject obj
        ? obj.Select(p => new KeyValuePair<string, string>(p.Key, String(p.Value) ?? "")).OrderBy(p => p.Key, StringComparer.Ordinal).ToList()
        : [];
}
