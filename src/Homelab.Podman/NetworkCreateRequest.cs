namespace Homelab.Podman;

/// <summary>
/// A network to create. For bridge networks <see cref="Subnet"/> may be null: the runtime picks a free subnet from
/// <see cref="PodmanOptions.SubnetPool"/>. For macvlan/ipvlan <see cref="Parent"/> names the host interface.
/// </summary>
public sealed record NetworkCreateRequest(string Name, IReadOnlyDictionary<string, string> Labels)
{
    public string Driver { get; init; } = "bridge";

    /// <summary>The Linux bridge name (bridge driver only), at most 15 characters.</summary>
    public string? BridgeName { get; init; }

    public string? Subnet { get; init; }

    /// <summary>Dual stack (bridge only): an IPv6 /64 from <see cref="PodmanOptions.Ipv6Pool"/> besides the IPv4 subnet.</summary>
    public bool Ipv6 { get; init; }

    public string? Gateway { get; init; }

    public string? Parent { get; init; }

    /// <summary>
    /// Subnets the runtime must not pick for a bridge it chooses the subnet of: ones in which netavark's IPAM still holds
    /// addresses under this network's name (its bucket outlives the network).
    /// </summary>
    public IReadOnlyList<string> AvoidSubnets { get; init; } = [];
}
