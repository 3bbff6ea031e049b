using System.Buffers;

namespace Homelab.Nftables.Rendering;

/// <summary>
/// Indented nft text, tabs as nft itself lists it. Written into a pooled buffer: a thousand Services make most of a megabyte
/// of text, and a StringBuilder would allocate all of it in chunks on every compile before copying it into the string.
/// </summary>
internal sealed class NftWriter : IDisposable
{
    private char[] _buffer = ArrayPool<char>.Shared.Rent(16 * 1024);
    private int _depth;

    /// <summary>How much has been written.</summary>
    public int Length { get; private set; }

    public void Open(string header)
    {
        Indent();
        Append(header);
        Append(" {\n");
        _depth++;
    }

    public void Close()
    {
        _depth--;
        Line("}");
    }

    public void Line(string line)
    {
        Indent();
        Append(line);
        Append("\n");
    }

    /// <summary>A line of items separated by ", ", written straight into the text: a set can hold thousands of elements.</summary>
    public void JoinedLine(string prefix, IReadOnlyList<string> items, string suffix)
    {
        Indent();
        Append(prefix);
        for (var i = 0; i < items.Count; i++)
        {
            if (i > 0)
            {
                Append(", ");
            }
            Append(items[i]);
        }
        Append(suffix);
        Append("\n");
    }

    public override string ToString() => new(_buffer, 0, Length);

    public void Dispose()
    {
        ArrayPool<char>.Shared.Return(_buffer);
        _buffer = [];
    }

    private void Indent()
    {
        Reserve(_depth).Fill('\t');
        Length += _depth;
    }

    private void Append(ReadOnlySpan<char> text)
    {
        text.CopyTo(Reserve(text.Length));
        Length += text.Length;
    }

    /// <summary>Room for <paramref name="count"/> more characters, growing the buffer by doubling.</summary>
    private Span<char> Reserve(int count)
    {
        if (Length + count > _buffer.Length)
        {
            var larger = ArrayPool<char>.Shared.Rent(Math.Max(_buffer.Length * 2, Length + count));
            _buffer.AsSpan(0, Length).CopyTo(larger);
            ArrayPool<char>.Shared.Return(_buffer);
            _buffer = larger;
        }
        return _buffer.AsSpan(Length, count);
    }
}
