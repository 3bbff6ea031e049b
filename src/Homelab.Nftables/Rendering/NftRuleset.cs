using Homelab.Nftables.Model;

namespace Homelab.Nftables.Rendering;

/// <summary>
/// The rendered firewall: the <c>table inet</c> and <c>table arp</c> as sets and chains (what the loader diffs to update the
/// kernel element by element) and as text (what a full load replaces the tables with), and, for each policy, the part of
/// the inet table that enforces it.
/// </summary>
public sealed record NftRuleset
{
    private readonly Lazy<(string Text, int InetLength)> _text;

    internal NftRuleset(NftTable inet, NftTable arp, IReadOnlyDictionary<PolicyRef, string> policyRules)
    {
        TableName = inet.Name;
        Inet = inet;
        Arp = arp;
        PolicyRules = policyRules;
        // Only a full load, a golden file or a reader needs the text: an update of a few elements does not.
        _text = new Lazy<(string, int)>(() =>
        {
            using var writer = new NftWriter();
            inet.WriteTo(writer);
            var inetLength = writer.Length;
            arp.WriteTo(writer);
            return (writer.ToString(), inetLength);
        });
    }

    public string TableName { get; }

    internal NftTable Inet { get; }

    internal NftTable Arp { get; }

    /// <summary>Both tables, as a golden file or a reader sees them and as a full load defines them.</summary>
    public string Text => _text.Value.Text;

    /// <summary>The <c>table inet</c> definition, the start of <see cref="Text"/>.</summary>
    public string InetTable => Text[.._text.Value.InetLength];

    /// <summary>The <c>table arp</c> definition, the rest of <see cref="Text"/>.</summary>
    public string ArpTable => Text[_text.Value.InetLength..];

    public IReadOnlyDictionary<PolicyRef, string> PolicyRules { get; }
}
