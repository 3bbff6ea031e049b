using System.Text;
using Homelab.Api.Meta;

namespace Homelab.Nftables.Access;

/// <summary>A canonical text for a selector, so equal selectors are resolved once however many policies repeat them.</summary>
internal static class SelectorKey
{
    public static string Of(LabelSelector? selector)
    {
        if (selector is null)
        {
            return "<null>";
        }
        var key = new StringBuilder("{");
        // Every policy has selectors, nearly all with one label and no expressions: sort only what has an order to lose.
        if (selector.MatchLabels is { Count: > 0 } labels)
        {
            foreach (var (name, value) in labels.Count == 1 ? labels : (IEnumerable<KeyValuePair<string, string>>)labels.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                key.Append(name).Append('=').Append(value).Append(';');
            }
        }
        if (selector.MatchExpressions is { Count: > 0 } expressions)
        {
            foreach (var requirement in expressions.OrderBy(e => e.Key, StringComparer.Ordinal).ThenBy(e => e.Operator, StringComparer.Ordinal))
            {
                key.Append(requirement.Key).Append(' ').Append(requirement.Operator).Append(" (")
                    .AppendJoin(',', (requirement.Values ?? []).Order(StringComparer.Ordinal)).Append(");");
            }
        }
        return key.Append('}').ToString();
    }
}
