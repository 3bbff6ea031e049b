using System.Globalization;
using System.Text.Json.Nodes;
using Homelab.Api.Resources;
using Homelab.Api.Serialization;

namespace Homelab.Cli.Printing;

/// <summary>
/// What hlctl shows of a Secret's values: never the values unless asked in so many words (--show-secrets). Unlike
/// kubectl, which prints them in -o yaml; the mask is not base64, so applying a masked copy back is refused rather
/// than storing the mask.
/// </summary>
internal static class SecretMask
{
    public static bool IsSecret(JsonObject obj) => JsonText.Kind(obj) == ResourceKinds.Secret.Kind;

    /// <summary>A copy with each data value replaced by its size; other kinds unchanged.</summary>
    public static JsonObject Hide(JsonObject obj)
    {
        if (!IsSecret(obj) || obj["data"] is not JsonObject data)
        {
            return obj;
        }
        var copy = (JsonObject)obj.DeepClone();
        var masked = (JsonObject)copy["data"]!;
        foreach (var (key, value) in data)
        {
            masked[key] = $"<hidden: {Size(value)} bytes; --show-secrets prints it>";
        }
        return copy;
    }

    /// <summary>kubectl diff's masking: "***" where both sides hold the same value, "*** (before)"/"*** (after)" where it changed.</summary>
    public static (JsonObject? Before, JsonObject? After) ForDiff(JsonObject? before, JsonObject? after)
    {
        if ((before is null || !IsSecret(before)) && (after is null || !IsSecret(after)))
        {
            return (before, after);
        }
        var beforeData = before?["data"] as JsonObject;
        var afterData = after?["data"] as JsonObject;
        return (Mask(before, afterData, "before"), Mask(after, beforeData, "after"));
    }

    /// <summary>"key: N bytes" lines, as kubectl describe prints a Secret.</summary>
    public static IEnumerable<string> Sizes(JsonObject obj) =>
        (obj["data"] as JsonObject ?? []).OrderBy(d => d.Key, StringComparer.Ordinal).Select(d => $"{d.Key}:  {Size(d.Value)} bytes");

    private static JsonObject? Mask(JsonObject? side, JsonObject? other, string word)
    {
        if (side?["data"] is not JsonObject data)
        {
            return side;
        }
        var copy = (JsonObject)side.DeepClone();
        var masked = (JsonObject)copy["data"]!;
        foreach (var (key, value) in data)
        {
            var same = other is not null && other.TryGetPropertyValue(key, out var theirs) && JsonNode.DeepEquals(theirs, value);
            masked[key] = same ? "***" : $"*** ({word})";
        }
        return copy;
    }

    private static string Size(JsonNode? value) =>
        (SecretData.TryDecode(JsonText.String(value), out var bytes) ? bytes.Length : 0).ToString(CultureInfo.InvariantCulture);
}
