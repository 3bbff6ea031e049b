namespace Homelab.Nftables.Rendering;

/// <summary>A chain as rendered; <see cref="Hook"/> is the base-chain line ("type filter hook forward priority -10; policy accept;").</summary>
internal sealed record NftChain(string Name, string? Hook, IReadOnlyList<string> Rules)
{
    public void WriteTo(NftWriter writer)
    {
        writer.Open($"chain {Name}");
        if (Hook is not null)
        {
            writer.Line(Hook);
        }
        foreach (var rule in Rules)
        {
            writer.Line(rule);
        }
        writer.Close();
    }
}
