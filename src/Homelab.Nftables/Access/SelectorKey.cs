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
        var labels = selector.MatchLabels?.Count ?? 0;
        var expressions = selector.MatchExpressions?.Count ?? 0;
        // Every policy has two or three selectors, nearly all empty or of one label: those need no builder and no sorting.
        if (expressions == 0 && labels <= 1)
        {
            return labels == 0 ? "{}" : Label(selector.MatchLabels!.Single());
        }
        var key = new StringBuilder("{");
        foreach (var (name, value) in (selector.MatchLabels ?? []).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            key.Append(name).Append('=').Append(value).Append(';');
        }
        foreach (var requirement in (selector.MatchExpressions ?? []).OrderBy(e => e.Key, StringComparer.Ordinal).ThenBy(e => e.Operator, StringComparer.Ordinal))
        {
            key.Append(requirement.Key).Append(' ').Append(requirement.Operator).Append(" (")
                .AppendJoin(',', (requirement.Values ?? []).Order(StringComparer.Ordinal)).Append(");");
        }
        return key.Append('}').ToString();

        static string Label(KeyValuePair<string, string> label) => $"{{{label.Key}={label.Value};}}";
    }
}
