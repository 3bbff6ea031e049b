using System.Text;

namespace Homelab.Nftables.Rendering;

/// <summary>Indented nft text, tabs as nft itself lists it.</summary>
internal sealed class NftWriter
{
    private readonly StringBuilder _text = new();
    private int _depth;

    public void Open(string header)
    {
        Line(header + " {");
        _depth++;
    }

    public void Close()
    {
        _depth--;
        Line("}");
    }

    public void Line(string line) => _text.Append('\t', _depth).Append(line).Append('\n');

    /// <summary>A line of items separated by ", ", written straight into the text: a set can hold thousands of elements.</summary>
    public void JoinedLine(string prefix, IReadOnlyList<string> items, string suffix) =>
        _text.Append('\t', _depth).Append(prefix).AppendJoin(", ", items).Append(suffix).Append('\n');

    public override string ToString() => _text.ToString();
}
