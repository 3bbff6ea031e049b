namespace Homelab.Nftables.Access;

/// <summary>
/// A protocol and an inclusive port range; a port entry without a port is the whole range 0-65535. Ordered by protocol,
/// then range, as rules list them.
/// </summary>
internal readonly record struct ProtocolPortRange(string Protocol, int First, int Last) : IComparable<ProtocolPortRange>
{
    public int CompareTo(ProtocolPortRange other)
    {
        var order = string.CompareOrdinal(Protocol, other.Protocol);
        return order != 0 ? order : First != other.First ? First.CompareTo(other.First) : Last.CompareTo(other.Last);
    }

    public bool Contains(string protocol, int port) => Protocol == protocol && First <= port && port <= Last;

    public override string ToString() => First == Last ? $"{Protocol}/{First}" : First == 0 && Last == 65535 ? $"{Protocol}/any" : $"{Protocol}/{First}-{Last}";
}
