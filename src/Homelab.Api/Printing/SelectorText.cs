using Homelab.Api.Meta;

namespace Homelab.Api.Printing;

/// <summary>A label selector in kubectl's string form: app=web,tier in (a,b),!legacy.</summary>
public static class SelectorText
{
    public const string None = "<none>";

    public static string Format(LabelSelector? selector)
    {
        if (selector is null)
        {
            return None;
        }
        var parts = new List<string>();
        if (selector.MatchLabels is not null)
        {
            parts.AddRange(selector.MatchLabels.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));
        }
        foreach (var e in selector.MatchExpressions ?? [])
        {
            parts.Add(e.Operator switch
            {
                SelectorOperators.In => $"{e.Key} in ({string.Join(',', e.Values ?? [])})",
                SelectorOperators.NotIn => $"{e.Key} notin ({string.Join(',', e.Values ?? [])})",
                SelectorOperators.Exists => e.Key,
                SelectorOperators.DoesNotExist => $"!{e.Key}",
                _ => $"{e.Key} {e.Operator}",
            });
        }
        return parts.Count == 0 ? None : string.Join(',', parts);
    }

    public static string Labels(IReadOnlyDictionary<string, string>? labels) =>
        labels is null || labels.Count == 0 ? None : string.Join(',', labels.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));
}
