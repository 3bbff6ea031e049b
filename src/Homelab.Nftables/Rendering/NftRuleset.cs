using Homelab.Nftables.Model;

namespace Homelab.Nftables.Rendering;

/// <summary>
/// The rendered firewall: the whole <c>table inet</c> and <c>table arp</c> definitions (each loaded by replacing the table in
/// one transaction) and, for each policy, the part of the inet table that enforces it.
/// </summary>
public sealed record NftRuleset
{
    private readonly int _inetLength;

    internal NftRuleset(string tableName, string text, int inetLength, IReadOnlyDictionary<PolicyRef, string> policyRules)
    {
        TableName = tableName;
        Text = text;
        _inetLength = inetLength;
        PolicyRules = policyRules;
    }

    public string TableName { get; }

    /// <summary>
    /// Both tables, as a golden file or a reader sees them, and as the loader compares them on every reconcile. Rendered as
    /// one string: for a thousand Services it is most of a megabyte, too much to join again from the two tables.
    /// </summary>
    public string Text { get; }

    /// <summary>The <c>table inet</c> definition, the start of <see cref="Text"/>.</summary>
    public string InetTable => Text[.._inetLength];

    /// <summary>The <c>table arp</c> definition, the rest of <see cref="Text"/>.</summary>
    public string ArpTable => Text[_inetLength..];

    public IReadOnlyDictionary<PolicyRef, string> PolicyRules { get; }
}
