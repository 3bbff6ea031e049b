using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Homelab.Cli.Printing;

/// <summary>
/// kubectl's <c>-o jsonpath=TEMPLATE</c> for what scripts need most: text with <c>{.field.field[0]}</c>,
/// <c>{.items[*].field}</c> and <c>{"\n"}</c> in it. Strings print as they are, other values as JSON, several results
/// separated by a space, as kubectl prints them. <c>range</c>, filters and slices are refused by name, not misread.
/// </summary>
internal sealed class JsonPathTemplate
{
    public const string Prefix = "jsonpath=";

    private readonly List<(string? Text, string[]? Path)> _parts;

    private JsonPathTemplate(List<(string?, string[]?)> parts) => _parts = parts;

    public static bool TryParse(string template, out JsonPathTemplate parsed, out string error)
    {
        parsed = null!;
        var parts = new List<(string?, string[]?)>();
        var i = 0;
        while (i < template.Length)
        {
            var open = template.IndexOf('{', i);
            if (open < 0)
            {
                parts.Add((template[i..], null));
                break;
            }
            if (open > i)
            {
                parts.Add((template[i..open], null));
            }
            var close = template.IndexOf('}', open);
            if (close < 0)
            {
                error = $"unclosed '{{' at position {open}";
                return false;
            }
            var expression = template[(open + 1)..close].Trim();
            if (expression.Length >= 2 && expression[0] == '"' && expression[^1] == '"')
            {
                parts.Add((expression[1..^1].Replace("\\n", "\n", StringComparison.Ordinal).Replace("\\t", "\t", StringComparison.Ordinal), null));
            }
            else if (TryPath(expression, out var path, out error))
            {
                parts.Add((null, path));
            }
            else
            {
                return false;
            }
            i = close + 1;
        }
        parsed = new JsonPathTemplate(parts);
        error = "";
        return true;
    }

    public string Render(JsonNode root)
    {
        var text = new StringBuilder();
        foreach (var (literal, path) in _parts)
        {
            if (literal is not null)
            {
                text.Append(literal);
                continue;
            }
            text.AppendJoin(' ', Evaluate(root, path!).Select(Print));
        }
        return text.ToString();
    }

    /// <summary>".a.b[0][*]" (the leading "$" or "." optional) → ["a", "b", "[0]", "[*]"].</summary>
    private static bool TryPath(string expression, out string[] path, out string error)
    {
        path = [];
        error = "";
        if (expression.StartsWith("range", StringComparison.Ordinal) || expression == "end" || expression.Contains('?', StringComparison.Ordinal) || expression.Contains(':', StringComparison.Ordinal))
        {
            error = $"{{{expression}}}: hlctl's jsonpath takes fields, [N] and [*] only (no range, filters or slices); use -o json and jq for more";
            return false;
        }
        var steps = new List<string>();
        foreach (var dotted in expression.TrimStart('$').Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            var bracket = dotted.IndexOf('[', StringComparison.Ordinal);
            if (bracket != 0)
            {
                steps.Add(bracket < 0 ? dotted : dotted[..bracket]);
            }
            for (var rest = bracket < 0 ? "" : dotted[bracket..]; rest.Length > 0;)
            {
                var end = rest.IndexOf(']', StringComparison.Ordinal);
                var index = end < 0 ? "" : rest[1..end];
                if (rest[0] != '[' || (index != "*" && !int.TryParse(index, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _)))
                {
                    error = $"{{{expression}}}: \"{rest}\" is not [N] or [*]";
                    return false;
                }
                steps.Add($"[{index}]");
                rest = rest[(end + 1)..];
            }
        }
        path = [.. steps];
        return true;
    }

    private static IEnumerable<JsonNode> Evaluate(JsonNode root, string[] path)
    {
        IEnumerable<JsonNode> current = [root];
        foreach (var step in path)
        {
            current = current.SelectMany(node => step switch
            {
                "[*]" => node is JsonArray all ? all.OfType<JsonNode>() : [],
                ['[', .. var index, ']'] => node is JsonArray array && int.Parse(index, System.Globalization.CultureInfo.InvariantCulture) is var n && n < array.Count && array[n] is { } item ? [item] : [],
                _ => node is JsonObject obj && obj[step] is { } child ? [child] : (IEnumerable<JsonNode>)[],
            }).ToList();
        }
        return current;
    }

    private static string Print(JsonNode node) =>
        node.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : node.ToJsonString();
}
