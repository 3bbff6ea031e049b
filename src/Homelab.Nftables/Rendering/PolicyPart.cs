using System.Text;

namespace Homelab.Nftables.Rendering;

/// <summary>
/// What one policy puts into the inet table: the Services it isolates, the set elements each of its rules adds, and the
/// rule lines of rules with too many peers to list as pairs. Rendered, when read, as the nft commands that would add it.
/// </summary>
internal sealed class PolicyPart(string table)
{
    private readonly List<(string Set, List<string> Elements)> _isolated = [];
    private readonly List<(string Title, FlowSets Flows)> _rules = [];
    private readonly List<(string Title, IReadOnlyList<NftSet> Sets, string Line, IReadOnlyList<string> Subjects)> _lines = [];

    /// <summary>The rule lines added, as they are in the table.</summary>
    public IEnumerable<string> Lines => _lines.Select(l => l.Line);

    public void Isolates(string set, List<string> interfaces)
    {
        if (interfaces.Count > 0)
        {
            _isolated.Add((set, interfaces));
        }
    }

    public void Rule(string title, FlowSets flows) => _rules.Add((title, flows));

    /// <summary>A rule line for the Services named "namespace/name|direction", whose rule-line chains hold it.</summary>
    public void RuleLine(string title, IReadOnlyList<NftSet> sets, string line, IReadOnlyList<string> subjects) => _lines.Add((title, sets, line, subjects));

    /// <summary>The commands; <paramref name="chainOf"/> names the rule-line chain of a "namespace/name|direction".</summary>
    public string Render(Func<string, string?> chainOf)
    {
        var text = new StringBuilder();
        foreach (var (set, interfaces) in _isolated)
        {
            text.Append("# isolates: the chain drops what no rule allows\n");
            Elements(text, set, interfaces);
        }
        foreach (var (title, flows) in _rules)
        {
            text.Append("# ").Append(title).Append('\n');
            var before = text.Length;
            foreach (var (set, _) in flows.Matches)
            {
                if (!set.IsEmpty)
                {
                    Elements(text, set.Name, set.Elements());
                }
            }
            if (text.Length == before)
            {
                text.Append("# (nothing: no running Service it names)\n");
            }
        }
        foreach (var (title, sets, line, subjects) in _lines)
        {
            text.Append("# ").Append(title).Append(": too many peers to list as pairs, so a rule of its own\n");
            foreach (var set in sets)
            {
                text.Append($"add set inet {table} {set.Name} {{ {set.Declaration} }}\n");
                Elements(text, set.Name, set.Elements);
            }
            foreach (var chain in subjects.Select(chainOf).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
            {
                text.Append($"add rule inet {table} {chain} {line}\n");
            }
        }
        return text.ToString();
    }

    private void Elements(StringBuilder text, string set, IReadOnlyList<string> elements)
    {
        if (elements.Count > 0)
        {
            text.Append($"add element inet {table} {set} {{ ").AppendJoin(", ", elements).Append(" }\n");
        }
    }
}
