namespace Homelab.Nftables.Access;

/// <summary>A protocol and an inclusive port range; a port entry without a port is the whole range 0-65535.</summary>
internal readonly record struct ProtocolPortRange(string Protocol, int First, int Last)
{
    public bool Contains(string protocol, int port) => Protocol == protocol && First <= port && port <= Last;

    public override string ToString() => First == Last ? $"{Protocol}/{First}" : First == 0 && Last == 65535 ? $"{Protocol}/any" : $"{Protocol}/{First}-{Last}";
}
