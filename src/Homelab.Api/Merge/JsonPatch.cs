using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Homelab.Api.Merge;

/// <summary>
/// RFC 6902 JSON Patch over <see cref="JsonNode"/> (paths are RFC 6901 JSON Pointers), for
/// <c>application/json-patch+json</c>. Written here because Microsoft.AspNetCore.JsonPatch.SystemTextJson is not
/// Native AOT safe (reflection-based serialization inside its adapters: the AOT build of a one-line "add" throws) and
/// JsonPatch.Net is not available. The target is not modified; a failing operation throws <see cref="JsonPatchException"/>
/// and, as the RFC requires, nothing of the patch applies.
/// </summary>
public static class JsonPatch
{
    public static JsonNode? Apply(JsonNode? target, JsonArray operations)
    {
        ArgumentNullException.ThrowIfNull(operations);
        var document = target?.DeepClone();
        for (var i = 0; i < operations.Count; i++)
        {
            if (operations[i] is not JsonObject operation)
            {
                throw new JsonPatchException(i, "must be an object");
            }
            document = ApplyOne(document, operation, i);
        }
        return document;
    }

    private static JsonNode? ApplyOne(JsonNode? document, JsonObject operation, int index)
    {
        var op = Member(operation, "op", index);
        var path = Pointer(Member(operation, "path", index), index);
        switch (op)
        {
            case "add":
                return Add(document, path, Value(operation, index), index);
            case "remove":
                return Remove(document, path, index).Document;
            case "replace":
                var (afterRemove, _) = Remove(document, path, index);
                return Add(afterRemove, path, Value(operation, index), index);
            case "move":
                var from = Pointer(Member(operation, "from", index), index);
                if (path.Count > from.Count && path.Take(from.Count).SequenceEqual(from))
                {
                    throw new JsonPatchException(index, "move: \"from\" is a proper prefix of \"path\": a value cannot be moved into one of its children");
                }
                var (moved, value) = Remove(document, from, index);
                return Add(moved, path, value, index);
            case "copy":
                var source = Get(document, Pointer(Member(operation, "from", index), index), index);
                return Add(document, path, source?.DeepClone(), index);
            case "test":
                var actual = Get(document, path, index);
                return JsonNode.DeepEquals(actual, Value(operation, index))
                    ? document
                    : throw new JsonPatchException(index, $"test failed: the value at \"{Member(operation, "path", index)}\" is {actual?.ToJsonString() ?? "null"}");
            default:
                throw new JsonPatchException(index, $"op \"{op}\" is not one of add, remove, replace, move, copy, test");
        }
    }

    private static JsonNode? Add(JsonNode? document, IReadOnlyList<string> path, JsonNode? value, int index)
    {
        if (path.Count == 0)
        {
            return value;
        }
        switch (Get(document, path.Take(path.Count - 1).ToList(), index))
        {
            case JsonObject parent:
                parent[path[^1]] = value;
                return document;
            case JsonArray array:
                var at = path[^1] == "-" ? array.Count : ArrayIndex(path[^1], array.Count, index, allowEnd: true);
                array.Insert(at, value);
                return document;
            default:
                throw new JsonPatchException(index, $"the parent of \"{Format(path)}\" is not an object or array");
        }
    }

    private static (JsonNode? Document, JsonNode? Removed) Remove(JsonNode? document, IReadOnlyList<string> path, int index)
    {
        if (path.Count == 0)
        {
            return (null, document);
        }
        switch (Get(document, path.Take(path.Count - 1).ToList(), index))
        {
            case JsonObject parent when parent.TryGetPropertyValue(path[^1], out var value):
                parent.Remove(path[^1]);
                return (document, value);
            case JsonArray array:
                var at = ArrayIndex(path[^1], array.Count, index, allowEnd: false);
                var removed = array[at];
                array.RemoveAt(at);
                return (document, removed);
            default:
                throw new JsonPatchException(index, $"\"{Format(path)}\" does not exist");
        }
    }

    private static JsonNode? Get(JsonNode? document, IReadOnlyList<string> path, int index)
    {
        var node = document;
        for (var i = 0; i < path.Count; i++)
        {
            node = node switch
            {
                JsonObject obj when obj.TryGetPropertyValue(path[i], out var child) => child,
                JsonArray array => array[ArrayIndex(path[i], array.Count, index, allowEnd: false)],
                _ => throw new JsonPatchException(index, $"\"{Format(path.Take(i + 1))}\" does not exist"),
            };
        }
        return node;
    }

    /// <summary>An array index as RFC 6901 writes it: digits without leading zeros, within the array (or one past it for add).</summary>
    private static int ArrayIndex(string token, int count, int index, bool allowEnd)
    {
        var valid = token.Length > 0 && token.All(char.IsAsciiDigit) && (token.Length == 1 || token[0] != '0')
            && int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var at)
            && (at < count || (allowEnd && at == count));
        return valid ? int.Parse(token, CultureInfo.InvariantCulture) : throw new JsonPatchException(index, $"array index \"{token}\" is out of range (the array has {count} elements)");
    }

    /// <summary>RFC 6901: "" is the whole document; otherwise "/"-separated tokens with ~1 for '/' and ~0 for '~'.</summary>
    private static List<string> Pointer(string pointer, int index)
    {
        if (pointer.Length == 0)
        {
            return [];
        }
        if (pointer[0] != '/')
        {
            throw new JsonPatchException(index, $"path \"{pointer}\" is not a JSON Pointer (it must start with '/')");
        }
        return [.. pointer[1..].Split('/').Select(t => t.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal))];
    }

    private static string Format(IEnumerable<string> path) =>
        string.Concat(path.Select(t => "/" + t.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal)));

    private static string Member(JsonObject operation, string name, int index) =>
        operation[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String
            ? value.GetValue<string>()
            : throw new JsonPatchException(index, $"\"{name}\" is required and must be a string");

    private static JsonNode? Value(JsonObject operation, int index) =>
        operation.TryGetPropertyValue("value", out var value) ? value?.DeepClone() : throw new JsonPatchException(index, "\"value\" is required");
}

/// <summary>A JSON patch that cannot be applied: which operation (0-based) and why.</summary>
public sealed class JsonPatchException(int operation, string reason) : Exception($"json patch operation {operation}: {reason}")
{
    public int Operation { get; } = operation;
}
