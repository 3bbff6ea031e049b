namespace Homelab.Nftables.Rendering;

/// <summary>A named set or verdict map as rendered: name, type line, flags and sorted elements.</summary>
internal sealed record NftSet(string Keyword, string Name, string Type, bool Interval, IReadOnlyList<string> Elements)
{
    public void WriteTo(NftWriter writer)
    {
        writer.Open($"{Keyword} {Name}");
        writer.Line($"type {Type}");
        if (Interval)
        {
            writer.Line("flags interval");
        }
        if (Elements.Count > 0)
        {
            writer.JoinedLine("elements = { ", Elements, " }");
        }
        writer.Close();
    }
}
