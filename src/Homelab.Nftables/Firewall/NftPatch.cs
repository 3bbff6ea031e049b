using System.Text;
using Homelab.Nftables.Rendering;

namespace Homelab.Nftables.Firewall;

/// <summary>
/// The nft commands that turn the loaded tables into the next ones in place: set elements added and deleted, rule-line
/// chains and sets made and dropped, chains whose rules changed flushed and filled again. Run as one <c>nft -f</c> batch,
/// which the kernel commits as one transaction, so a packet sees the old tables or the new ones, never a mix.
/// </summary>
internal static class NftPatch
{
    /// <summary>
    /// The commands, "" when the tables are the same, or null when only a full load can make the change (another table
    /// name, or a set whose type or a base chain whose hook differs: nft cannot change those in place).
    /// </summary>
    public static string? Between(NftRuleset loaded, NftRuleset next)
    {
        if (loaded.TableName != next.TableName)
        {
            return null;
        }
        var script = new Script();
        foreach (var (before, after) in new[] { (loaded.Inet, next.Inet), (loaded.Arp, next.Arp) })
        {
            if (!Diff(before, after, script))
            {
                return null;
            }
        }
        return script.ToString();
    }

    private static bool Diff(NftTable before, NftTable after, Script script)
    {
        var prefix = $"{after.Family} {after.Name}";
        var oldSets = before.Sets.ToDictionary(s => s.Name, StringComparer.Ordinal);
        var newSets = after.Sets.ToDictionary(s => s.Name, StringComparer.Ordinal);
        var oldChains = before.Chains.ToDictionary(c => c.Name, StringComparer.Ordinal);
        var newChains = after.Chains.ToDictionary(c => c.Name, StringComparer.Ordinal);
        if (before.Comment != after.Comment
            || oldSets.Values.Any(s => newSets.TryGetValue(s.Name, out var n) && !SameDeclaration(s, n))
            || oldChains.Values.Any(c => newChains.TryGetValue(c.Name, out var n) && c.Hook != n.Hook)
            || after.Chains.Any(c => c.Hook is not null && !oldChains.ContainsKey(c.Name))
            || before.Chains.Any(c => c.Hook is not null && !newChains.ContainsKey(c.Name)))
        {
            return false;
        }
        // Made first, so elements and rules below can refer to them; dropped last, once nothing refers to them.
        foreach (var set in after.Sets.Where(s => !oldSets.ContainsKey(s.Name)))
        {
            script.Make.Append($"add {set.Keyword} {prefix} {set.Name} {{ {set.Declaration} }}\n");
        }
        foreach (var chain in after.Chains.Where(c => !oldChains.ContainsKey(c.Name)))
        {
            script.Make.Append($"add chain {prefix} {chain.Name}\n");
        }
        foreach (var set in after.Sets)
        {
            var old = oldSets.GetValueOrDefault(set.Name)?.Elements ?? [];
            var (removed, added) = Changes(old, set.Elements);
            // A map element is deleted by its key alone.
            Elements(script.Delete, "delete", prefix, set.Name, set.Keyword == "map" ? [.. removed.Select(e => e[..e.IndexOf(" : ", StringComparison.Ordinal)])] : removed);
            Elements(script.Add, "add", prefix, set.Name, added);
        }
        foreach (var chain in after.Chains)
        {
            var old = oldChains.GetValueOrDefault(chain.Name);
            if (old is not null && old.Rules.SequenceEqual(chain.Rules, StringComparer.Ordinal))
            {
                continue;
            }
            if (old is not null)
            {
                script.Rules.Append($"flush chain {prefix} {chain.Name}\n");
            }
            foreach (var rule in chain.Rules)
            {
                script.Rules.Append($"add rule {prefix} {chain.Name} {rule}\n");
            }
        }
        foreach (var chain in before.Chains.Where(c => !newChains.ContainsKey(c.Name)))
        {
            script.Rules.Append($"flush chain {prefix} {chain.Name}\n");
            script.Drop.Append($"delete chain {prefix} {chain.Name}\n");
        }
        foreach (var set in before.Sets.Where(s => !newSets.ContainsKey(s.Name)))
        {
            script.Drop.Append($"delete {set.Keyword} {prefix} {set.Name}\n");
        }
        return true;
    }

    private static bool SameDeclaration(NftSet a, NftSet b) =>
        a.Keyword == b.Keyword && a.Declaration == b.Declaration;

    /// <summary>What left and what came, from two sorted element lists (the renderer sorts them ordinally).</summary>
    internal static (List<string> Removed, List<string> Added) Changes(IReadOnlyList<string> before, IReadOnlyList<string> after)
    {
        var removed = new List<string>();
        var added = new List<string>();
        int i = 0, j = 0;
        while (i < before.Count || j < after.Count)
        {
            var order = i == before.Count ? 1 : j == after.Count ? -1 : string.CompareOrdinal(before[i], after[j]);
            if (order < 0)
            {
                removed.Add(before[i++]);
            }
            else if (order > 0)
            {
                added.Add(after[j++]);
            }
            else
            {
                i++;
                j++;
            }
        }
        return (removed, added);
    }

    private static void Elements(StringBuilder script, string verb, string prefix, string set, List<string> elements)
    {
        if (elements.Count > 0)
        {
            script.Append($"{verb} element {prefix} {set} {{ ").AppendJoin(", ", elements).Append(" }\n");
        }
    }

    /// <summary>
    /// The batch in the order nft needs: new sets and chains; deleted elements before added ones (an interval that grew
    /// replaces the one it overlaps); rules; then chains and sets no longer used.
    /// </summary>
    private sealed class Script
    {
        public StringBuilder Make { get; } = new();
        public StringBuilder Delete { get; } = new();
        public StringBuilder Add { get; } = new();
        public StringBuilder Rules { get; } = new();
        public StringBuilder Drop { get; } = new();

        public override string ToString() => $"{Make}{Delete}{Add}{Rules}{Drop}";
    }
}
