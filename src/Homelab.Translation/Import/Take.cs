using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Homelab.Api.Merge;

namespace Homelab.Translation.Import;

/// <summary>
/// Reads fields out of a Kubernetes object by removing them, so whatever is still there at the end is exactly what the
/// import did not understand (<see cref="Leftovers"/>). A field of the wrong type is not taken and so is reported.
/// </summary>
internal static class Take
{
    public static JsonNode? Node(JsonObject? obj, string key) => obj is not null && obj.Remove(key, out var value) ? value : null;

    public static string? String(JsonObject? obj, string key) =>
        obj?[key] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? (string?)Node(obj, key) : null;

    public static long? Long(JsonObject? obj, string key) =>
        obj?[key] is JsonValue value && value.GetValueKind() == JsonValueKind.Number
            && long.TryParse(value.ToJsonString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) && Node(obj, key) is not null
            ? n
            : null;

    public static bool? Bool(JsonObject? obj, string key) =>
        obj?[key] is JsonValue value && value.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? (bool)Node(obj, key)! : null;

    /// <summary>A string, or a number as text: Kubernetes quantities may be written either way (cpu: 1).</summary>
    public static string? Text(JsonObject? obj, string key) =>
        obj?[key] is JsonValue value && value.GetValueKind() == JsonValueKind.Number ? Node(obj, key)!.ToJsonString() : String(obj, key);

    /// <summary>Strings of a list of strings; null (and left in place) when it is anything else.</summary>
    public static List<string>? Strings(JsonObject? obj, string key) =>
        obj?[key] is JsonArray array && array.All(i => i is JsonValue v && v.GetValueKind() == JsonValueKind.String)
            ? [.. ((JsonArray)Node(obj, key)!).Select(i => (string)i!)]
            : null;

    /// <summary>Removes the field when it has exactly the expected value (a default the export writes).</summary>
    public static bool IfEquals(JsonObject? obj, string key, JsonNode expected)
    {
        if (obj?[key] is { } value && JsonCanonical.DeepEquals(value, expected))
        {
            obj.Remove(key);
            return true;
        }
        return false;
    }

    /// <summary>The object at the key, left in place so what is not taken from it is reported.</summary>
    public static JsonObject? Object(JsonObject? obj, string key) => obj?[key] as JsonObject;

    public static JsonArray? Array(JsonObject? obj, string key) => obj?[key] as JsonArray;

    /// <summary>Paths of every value nothing took; emptied objects and lists are not reported.</summary>
    public static IEnumerable<string> Leftovers(JsonNode? node, string path)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    foreach (var leftover in Leftovers(value, path.Length == 0 ? key : Field(path, key)))
                    {
                        yield return leftover;
                    }
                }
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    foreach (var leftover in Leftovers(array[i], $"{path}[{i}]"))
                    {
                        yield return leftover;
                    }
                }
                break;
            default:
                yield return path;
                break;
        }
    }

    /// <summary>"metadata.annotations[keel.sh/policy]" for keys that are not plain words.</summary>
    private static string Field(string path, string key) =>
        key.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') ? $"{path}.{key}" : $"{path}[{key}]";
}
