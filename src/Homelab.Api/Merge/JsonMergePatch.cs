using System.Text.Json.Nodes;

namespace Homelab.Api.Merge;

/// <summary>RFC 7386 JSON Merge Patch. Neither argument is modified; the result shares no nodes with them.</summary>
public static class JsonMergePatch
{
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }
        var result = target is JsonObject targetObject ? (JsonObject)targetObject.DeepClone() : new JsonObject();
        foreach (var (name, value) in patchObject)
        {
            if (value is null)
            {
                result.Remove(name);
                continue;
            }
            result.TryGetPropertyValue(name, out var current);
            result[name] = Apply(current, value);
        }
        return result;
    }

    /// <summary>The merge patch that turns <paramref name="from"/> into <paramref name="to"/> (objects recurse, everything else is replaced whole).</summary>
    public static JsonObject Diff(JsonObject from, JsonObject to)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        var patch = new JsonObject();
        foreach (var (name, _) in from)
        {
            if (!to.ContainsKey(name))
            {
                patch[name] = null;
            }
        }
        foreach (var (name, value) in to)
        {
            from.TryGetPropertyValue(name, out var old);
            if (JsonCanonical.DeepEquals(old, value))
            {
                continue;
            }
            patch[name] = value is JsonObject toChild && old is JsonObject fromChild ? Diff(fromChild, toChild) : value?.DeepClone();
        }
        return patch;
    }
}
