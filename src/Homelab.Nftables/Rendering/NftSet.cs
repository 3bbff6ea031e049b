namespace Homelab.Nftables.Rendering;

/// <summary>A named set or verdict map as rendered: name, type line, flags and sorted elements.</summary>
internal sealed record NftSet(string Keyword, string Name, string Type, bool Interval, IReadOnlyList<string> Elements)
{
    /// <summary><see cref="Type"/> is an expression to take the type of (nft's typeof), for keys no named type describes.</summary>
    public bool IsTypeof { get; init; }

    /// <summary>The type and flags, as <c>add set</c> takes them between braces.</summary>
    public string Declaration => $"{(IsTypeof ? "typeof" : "type")} {Type};{(Interval ? " flags interval;" : "")}";

    public void WriteTo(NftWriter writer)
    {
        writer.Open($"{Keyword} {Name}");
        writer.Line($"{(IsTypeof ? "typeof" : "type")} {Type}");
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
