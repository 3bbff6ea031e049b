namespace Homelab.Nftables.Rendering;

/// <summary>The part of the inet table that enforces one policy: its sets (shared ones included) and its chains.</summary>
internal sealed record PolicyPart(IReadOnlyList<NftSet> Sets, IReadOnlyList<NftChain> Chains)
{
    public string Render()
    {
        using var text = new NftWriter();
        foreach (var set in Sets)
        {
            set.WriteTo(text);
        }
        foreach (var chain in Chains)
        {
            chain.WriteTo(text);
        }
        return text.ToString();
    }
}
