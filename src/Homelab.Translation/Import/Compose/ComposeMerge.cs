using System.Text.Json.Nodes;
using Homelab.Api.Merge;

namespace Homelab.Translation.Import.Compose;

/// <summary>
/// The Compose Specification's merge rules, for several files and for <c>extends</c>: mappings merge key by key, the
/// later value wins for scalars, sequences append — except <c>command</c>, <c>entrypoint</c> and
/// <c>healthcheck.test</c>, which the later file replaces, and the unique resources <c>volumes</c>, <c>secrets</c>,
/// <c>configs</c> (by target) and <c>ports</c> (by ip, target, published and protocol), where a later entry replaces an
/// earlier one of the same key. Both sides are normalized first (<see cref="ComposeNormalizer"/>), so environments,
/// labels and networks are mappings here and merge by name.
/// </summary>
internal static class ComposeMerge
{
    private static readonly HashSet<string> Replaced = new(StringComparer.Ordinal) { "command", "entrypoint", "test" };

    /// <summary>Merges <paramref name="over"/> into <paramref name="into"/>, calling <paramref name="set"/> with each top-level key it sets.</summary>
    public static void Into(JsonObject into, JsonObject over, Action<string>? set = null)
    {
        foreach (var (key, value) in over.ToList())
        {
            set?.Invoke(key);
            var merged = Merge(key, into[key], value);
            into[key] = merged;
        }
    }

    private static JsonNode? Merge(string key, JsonNode? before, JsonNode? after)
    {
        switch (before, after)
        {
            case (JsonObject b, JsonObject a):
                var result = (JsonObject)b.DeepClone();
                Into(result, a);
                return result;
            case (JsonArray b, JsonArray a) when !Replaced.Contains(key):
                return key switch
                {
                    "volumes" or "secrets" or "configs" => Unique(b, a, e => e is JsonObject o ? (o["target"] ?? o["source"])?.ToJsonString() : e?.ToJsonString()),
                    "ports" => Unique(b, a, e => JsonCanonical.ToCanonicalString(e)),
                    _ => [.. b.Select(e => e?.DeepClone()), .. a.Select(e => e?.DeepClone())],
                };
            default:
                return after?.DeepClone();
        }
    }

    private static JsonArray Unique(JsonArray before, JsonArray after, Func<JsonNode?, string?> key)
    {
        var entries = new List<JsonNode?>(before.Select(e => e?.DeepClone()));
        foreach (var entry in after)
        {
            var k = key(entry);
            var at = entries.FindIndex(e => key(e) == k);
            if (at >= 0)
            {
                entries[at] = entry?.DeepClone();
            }
            else
            {
                entries.Add(entry?.DeepClone());
            }
        }
        return [.. entries];
    }
}
