using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Homelab.Api.Merge;

/// <summary>
/// Structural equality and a canonical text form for JSON trees: object key order does not matter, array order does,
/// and numbers compare by value (8080 read from YAML as a long equals 8080 written from an int).
/// </summary>
public static class JsonCanonical
{
    public static bool DeepEquals(JsonNode? left, JsonNode? right)
    {
        if (left is null || right is null)
        {
            return left is null && right is null;
        }
        switch (left)
        {
            case JsonObject lo when right is JsonObject ro:
                if (lo.Count != ro.Count)
                {
                    return false;
                }
                foreach (var (key, value) in lo)
                {
                    if (!ro.TryGetPropertyValue(key, out var other) || !DeepEquals(value, other))
                    {
                        return false;
                    }
                }
                return true;
            case JsonArray la when right is JsonArray ra:
                if (la.Count != ra.Count)
                {
                    return false;
                }
                for (var i = 0; i < la.Count; i++)
                {
                    if (!DeepEquals(la[i], ra[i]))
                    {
                        return false;
                    }
                }
                return true;
            case JsonValue lv when right is JsonValue rv:
                return ValueEquals(lv, rv);
            default:
                return false;
        }
    }

    /// <summary>Compact JSON with object keys sorted ordinally: equal trees give equal text (for hashing and change detection).</summary>
    public static string ToCanonicalString(JsonNode? node)
    {
        var builder = new StringBuilder();
        Write(builder, node);
        return builder.ToString();
    }

    private static bool ValueEquals(JsonValue left, JsonValue right)
    {
        var kind = left.GetValueKind();
        if (kind != right.GetValueKind())
        {
            return false;
        }
        return kind switch
        {
            JsonValueKind.Number => NumberEquals(left, right),
            JsonValueKind.String => string.Equals(left.GetValue<string>(), right.GetValue<string>(), StringComparison.Ordinal),
            _ => true, // true, false and null carry no payload beyond their kind
        };
    }

    private static bool NumberEquals(JsonValue left, JsonValue right)
    {
        var l = left.ToJsonString();
        var r = right.ToJsonString();
        if (l == r)
        {
            return true;
        }
        return decimal.TryParse(l, NumberStyles.Float, CultureInfo.InvariantCulture, out var ld)
            && decimal.TryParse(r, NumberStyles.Float, CultureInfo.InvariantCulture, out var rd)
            && ld == rd;
    }

    private static void Write(StringBuilder builder, JsonNode? node)
    {
        switch (node)
        {
            case null:
                builder.Append("null");
                break;
            case JsonObject obj:
                builder.Append('{');
                var first = true;
                foreach (var (key, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    if (!first)
                    {
                        builder.Append(',');
                    }
                    first = false;
                    builder.Append(JsonValue.Create(key).ToJsonString()).Append(':');
                    Write(builder, value);
                }
                builder.Append('}');
                break;
            case JsonArray array:
                builder.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    if (i > 0)
                    {
                        builder.Append(',');
                    }
                    Write(builder, array[i]);
                }
                builder.Append(']');
                break;
            default:
                builder.Append(NormalizeNumber(node));
                break;
        }
    }

    private static string NormalizeNumber(JsonNode value)
    {
        var text = value.ToJsonString();
        if (value.GetValueKind() == JsonValueKind.Number
            && decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return number.ToString("G29", CultureInfo.InvariantCulture);
        }
        return text;
    }
}
