using System.Net;
using System.Net.Sockets;

namespace Homelab.Nftables.Access;

/// <summary>
/// A set of addresses of one family as sorted, disjoint, non-adjacent ranges. An ipBlock with excepts becomes exact ranges,
/// so several blocks with different excepts can share one nft interval set without one block's except hiding another's range.
/// </summary>
internal sealed class AddressSet
{
    private static readonly AddressSet EmptyV4 = new(AddressFamily.InterNetwork, []);
    private static readonly AddressSet EmptyV6 = new(AddressFamily.InterNetworkV6, []);

    private readonly List<(UInt128 First, UInt128 Last)> _ranges;

    private AddressSet(AddressFamily family, List<(UInt128 First, UInt128 Last)> ranges)
    {
        Family = family;
        _ranges = ranges;
    }

    public AddressFamily Family { get; }

    public bool IsEmpty => _ranges.Count == 0;

    /// <summary>The empty set of a family, shared: sets never change, and most rules have no ipBlock.</summary>
    public static AddressSet Empty(AddressFamily family) => family == AddressFamily.InterNetwork ? EmptyV4 : EmptyV6;

    /// <summary>The union of each block's range minus its excepts.</summary>
    public static AddressSet FromBlocks(AddressFamily family, IReadOnlyCollection<(Cidr Block, IReadOnlyList<Cidr> Except)> blocks)
    {
        if (blocks.Count == 0)
        {
            return Empty(family);
        }
        var pieces = new List<(UInt128 First, UInt128 Last)>();
        foreach (var (block, except) in blocks)
        {
            var remaining = new List<(UInt128 First, UInt128 Last)> { block.Range };
            foreach (var hole in except)
            {
                remaining = Subtract(remaining, hole.Range);
            }
            pieces.AddRange(remaining);
        }
        return new AddressSet(family, Merge(pieces));
    }

    public bool Contains(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (address.AddressFamily != Family)
        {
            return false;
        }
        var value = Cidr.ToNumber(address);
        return _ranges.Any(r => r.First <= value && value <= r.Last);
    }

    /// <summary>The elements of an nft interval set, in address order (see <see cref="Format"/>).</summary>
    public IReadOnlyList<string> ToElements() => _ranges.Select(r => Format(r.First, r.Last, Family)).ToList();

    /// <summary>The ranges, in address order, disjoint and not adjacent.</summary>
    public IReadOnlyList<(UInt128 First, UInt128 Last)> Ranges => _ranges;

    /// <summary>A range that is one prefix as "a/n", any other as "a-b".</summary>
    public static string Format(UInt128 first, UInt128 last, AddressFamily family)
    {
        var width = family == AddressFamily.InterNetwork ? 32 : 128;
        var hostBits = Math.Min((int)UInt128.TrailingZeroCount(first), width);
        while (hostBits > 0 && first + Span(hostBits) > last)
        {
            hostBits--;
        }
        return first + Span(hostBits) == last
            ? $"{Cidr.ToAddress(first, family)}/{width - hostBits}"
            : $"{Cidr.ToAddress(first, family)}-{Cidr.ToAddress(last, family)}";
    }

    private static UInt128 Span(int hostBits) => hostBits >= 128 ? UInt128.MaxValue : (UInt128.One << hostBits) - 1;

    private static List<(UInt128 First, UInt128 Last)> Subtract(List<(UInt128 First, UInt128 Last)> ranges, (UInt128 First, UInt128 Last) hole)
    {
        var result = new List<(UInt128 First, UInt128 Last)>();
        foreach (var (first, last) in ranges)
        {
            if (hole.Last < first || hole.First > last)
            {
                result.Add((first, last));
                continue;
            }
            if (hole.First > first)
            {
                result.Add((first, hole.First - 1));
            }
            if (hole.Last < last)
            {
                result.Add((hole.Last + 1, last));
            }
        }
        return result;
    }

    private static List<(UInt128 First, UInt128 Last)> Merge(List<(UInt128 First, UInt128 Last)> pieces)
    {
        pieces.Sort((a, b) => a.First.CompareTo(b.First));
        var merged = new List<(UInt128 First, UInt128 Last)>();
        foreach (var piece in pieces)
        {
            if (merged.Count > 0 && (merged[^1].Last == UInt128.MaxValue || piece.First <= merged[^1].Last + 1))
            {
                var top = merged[^1];
                merged[^1] = (top.First, piece.Last > top.Last ? piece.Last : top.Last);
            }
            else
            {
                merged.Add(piece);
            }
        }
        return merged;
    }
}
