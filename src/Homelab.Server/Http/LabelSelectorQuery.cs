using Homelab.Api.Meta;

namespace Homelab.Server.Http;

/// <summary>
/// Parses kubectl's label selector syntax (<c>a=b,c!=d,e,!f,g in (x,y),h notin (z)</c>) from the labelSelector parameter.
/// Kept private to the server until Homelab.Api publishes a shared parser.
/// </summary>
internal static class LabelSelectorQuery
{
    public static LabelSelector? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        var selector = new LabelSelector { MatchLabels = [], MatchExpressions = [] };
        foreach (var term in SplitTerms(text))
        {
            AddTerm(selector, term.Trim(), text);
        }
        return selector;
    }

    private static void AddTerm(LabelSelector selector, string term, string text)
    {
        if (term.Length == 0)
        {
            throw Bad(text, "has an empty requirement");
        }
        if (term.StartsWith('!'))
        {
            selector.MatchExpressions!.Add(new LabelSelectorRequirement { Key = Key(term[1..], text), Operator = SelectorOperators.DoesNotExist });
            return;
        }
        var notEquals = term.IndexOf("!=", StringComparison.Ordinal);
        if (notEquals >= 0)
        {
            selector.MatchExpressions!.Add(new LabelSelectorRequirement { Key = Key(term[..notEquals], text), Operator = SelectorOperators.NotIn, Values = [Value(term[(notEquals + 2)..], text)] });
            return;
        }
        var equals = term.IndexOf('=');
        if (equals >= 0)
        {
            var value = term[(equals + 1)..];
            value = value.StartsWith('=') ? value[1..] : value;
            var key = Key(term[..equals], text);
            if (selector.MatchLabels!.TryGetValue(key, out var existing) && existing != Value(value, text))
            {
                // a=x,a=y can match nothing; keep both so the result is still correct (empty).
                selector.MatchExpressions!.Add(new LabelSelectorRequirement { Key = key, Operator = SelectorOperators.In, Values = [Value(value, text)] });
                return;
            }
            selector.MatchLabels[key] = Value(value, text);
            return;
        }
        var open = term.IndexOf('(');
        if (open >= 0)
        {
            if (!term.EndsWith(')'))
            {
                throw Bad(text, $"\"{term}\" is missing a closing parenthesis");
            }
            var head = term[..open].Trim();
            var space = head.LastIndexOf(' ');
            var op = space < 0 ? "" : head[(space + 1)..];
            var @operator = op switch
            {
                "in" => SelectorOperators.In,
                "notin" => SelectorOperators.NotIn,
                _ => throw Bad(text, $"\"{term}\" needs \"in\" or \"notin\" before the parenthesis"),
            };
            var values = term[(open + 1)..^1].Split(',', StringSplitOptions.TrimEntries).Select(v => Value(v, text)).ToList();
            selector.MatchExpressions!.Add(new LabelSelectorRequirement { Key = Key(head[..space], text), Operator = @operator, Values = values });
            return;
        }
        selector.MatchExpressions!.Add(new LabelSelectorRequirement { Key = Key(term, text), Operator = SelectorOperators.Exists });
    }

    /// <summary>Splits on commas outside parentheses, so "a in (x,y),b" is two terms.</summary>
    private static IEnumerable<string> SplitTerms(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '(':
                    depth++;
                    break;
                case ')':
                    depth--;
                    if (depth < 0)
                    {
                        throw Bad(text, "has an unmatched \")\"");
                    }
                    break;
                case ',' when depth == 0:
                    yield return text[start..i];
                    start = i + 1;
                    break;
            }
        }
        if (depth != 0)
        {
            throw Bad(text, "has an unmatched \"(\"");
        }
        yield return text[start..];
    }

    private static string Key(string key, string text)
    {
        key = key.Trim();
        return key.Length > 0 && key.All(IsLabelChar) ? key : throw Bad(text, $"\"{key}\" is not a valid label key");
    }

    private static string Value(string value, string text)
    {
        value = value.Trim();
        return value.All(IsLabelChar) ? value : throw Bad(text, $"\"{value}\" is not a valid label value");
    }

    private static bool IsLabelChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/';

    private static ApiException Bad(string text, string why) => ApiException.BadRequest($"labelSelector: \"{text}\" {why}");
}
