using Homelab.Nftables.Model;

namespace Homelab.Nftables.Access;

/// <summary>The ports of one rule: all ports (no list), or numeric ranges and named ports.</summary>
internal sealed record PortMatch(bool All, IReadOnlyList<ProtocolPortRange> Numeric, IReadOnlyList<NamedPortRef> Named)
{
    public static readonly PortMatch Any = new(true, [], []);

    public bool AllowsNumeric(string protocol, int port) => All || Numeric.Any(r => r.Contains(protocol, port));

    public bool AllowsNamed(string protocol, int port, ServiceEndpoint? destination) =>
        destination is not null && Named.Any(n => n.Protocol == protocol && n.ResolveOn(destination).Contains(port));

    public override string ToString() => All ? "all ports" : string.Join(", ", Numeric.Select(r => r.ToString()).Concat(Named.Select(n => n.ToString())));
}
