using System.Text.Json.Nodes;

namespace Homelab.Api.Merge;

/// <summary>
/// kubectl apply's three-way merge. The user owns what their file says (desired) and what it said last time
/// (last-applied); everything else in the live object belongs to someone else and is kept:
/// <list type="bullet">
/// <item>a field whose desired value differs from last-applied takes the desired value;</item>
/// <item>a field in last-applied but absent (or null) in desired was removed from the file, so it is removed;</item>
/// <item>a field whose desired value equals last-applied keeps the live value, so a controller's write (the update
/// controller's spec.image) survives re-applying an unchanged file;</item>
/// <item>objects merge key by key; lists are atomic and replaced whole.</item>
/// </list>
/// status and server-owned metadata always come from live.
/// </summary>
public static class ThreeWayMerge
{
    /// <summary>metadata fields the user may set; everything else in metadata is the server's.</summary>
    private static readonly HashSet<string> UserMetadata = new(StringComparer.Ordinal) { "name", "namespace", "labels", "annotations" };

    public static JsonObject Compute(JsonObject? lastApplied, JsonObject live, JsonObject desired)
    {
        ArgumentNullException.ThrowIfNull(live);
        ArgumentNullException.ThrowIfNull(desired);
        return MergeObject(lastApplied, live, desired, Scope.Root);
    }

    private enum Scope
    {
        Root,
        Metadata,
        Nested,
    }

    private static bool IsUserOwned(Scope scope, string key) => scope switch
    {
        Scope.Root => key != "status",
        Scope.Metadata => UserMetadata.Contains(key),
        _ => true,
    };

    private static JsonObject MergeObject(JsonObject? last, JsonObject live, JsonObject desired, Scope scope)
    {
        var result = (JsonObject)live.DeepClone();
        foreach (var (key, wanted) in desired)
        {
            if (!IsUserOwned(scope, key))
            {
                continue;
            }
            JsonNode? previous = null;
            var hadPrevious = last is not null && last.TryGetPropertyValue(key, out previous);
            result.TryGetPropertyValue(key, out var current);

            if (wanted is null)
            {
                // An explicit null in the file asks for the field to be gone, as in a merge patch.
                result.Remove(key);
                continue;
            }
            if (wanted is JsonObject wantedObject && current is JsonObject currentObject)
            {
                var childScope = scope == Scope.Root && key == "metadata" ? Scope.Metadata : Scope.Nested;
                var merged = MergeObject(previous as JsonObject, currentObject, wantedObject, childScope);
                result[key] = merged;
                continue;
            }
            if (hadPrevious && JsonCanonical.DeepEquals(previous, wanted))
            {
                continue;
            }
            result[key] = wanted.DeepClone();
        }

        if (last is not null)
        {
            foreach (var (key, _) in last)
            {
                if (IsUserOwned(scope, key) && !desired.ContainsKey(key))
                {
                    result.Remove(key);
                }
            }
        }
        return result;
    }
}
