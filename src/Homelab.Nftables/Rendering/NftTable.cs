namespace Homelab.Nftables.Rendering;

/// <summary>One table as rendered: its sets and chains, by name. The loader diffs two of these to update the kernel in place.</summary>
internal sealed record NftTable(string Family, string Name, string Comment, IReadOnlyList<NftSet> Sets, IReadOnlyList<NftChain> Chains)
{
    public void WriteTo(NftWriter writer)
    {
        writer.Open($"table {Family} {Name}");
        writer.Line(NftText.Comment(Comment));
        foreach (var set in Sets)
        {
            set.WriteTo(writer);
        }
        foreach (var chain in Chains)
        {
            chain.WriteTo(writer);
        }
        writer.Close();
    }
}
