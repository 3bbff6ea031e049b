using Homelab.Nftables.Model;

namespace Homelab.Nftables.Rendering;

/// <summary>
/// The rendered firewall: the whole <c>table inet</c> and <c>table arp</c> definitions (each loaded by replacing the table in
/// one transaction) and, for each policy, the part of the inet table that enforces it.
/// </summary>
public sealed record NftRuleset(string TableName, string InetTable, string ArpTable, IReadOnlyDictionary<PolicyRef, string> PolicyRules)
{
    /// <summary>Both tables, as a golden file or a reader sees them. Joined once: the loader compares it on every reconcile.</summary>
    public string Text { get; } = InetTable + ArpTable;
}
