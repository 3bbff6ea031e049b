using System.Globalization;
using System.Net.Sockets;
using Homelab.Nftables.Access;

namespace Homelab.Nftables.Rendering;

/// <summary>What an interval field of a set element holds, which decides how it is written.</summary>
internal enum SpanKind
{
    Port,
    V4,
    V6,
}

/// <summary>An inclusive range of ports or addresses: one interval field of a set element.</summary>
internal readonly record struct Span(UInt128 First, UInt128 Last, SpanKind Kind)
{
    public static Span Ports(int first, int last) => new((UInt128)first, (UInt128)last, SpanKind.Port);

    public static Span Port(int port) => Ports(port, port);

    public static Span Addresses((UInt128 First, UInt128 Last) range, AddressFamily family) =>
        new(range.First, range.Last, family == AddressFamily.InterNetwork ? SpanKind.V4 : SpanKind.V6);

    /// <summary>A port or port range; an address range that is one prefix as "a/n", any other as "a-b".</summary>
    public override string ToString() => Kind switch
    {
        SpanKind.Port => First == Last
            ? ((int)First).ToString(CultureInfo.InvariantCulture)
            : string.Create(CultureInfo.InvariantCulture, $"{(int)First}-{(int)Last}"),
        _ => AddressSet.Format(First, Last, Kind == SpanKind.V4 ? AddressFamily.InterNetwork : AddressFamily.InterNetworkV6),
    };
}
