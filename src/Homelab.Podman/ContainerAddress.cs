using System.Net;
using System.Net.Sockets;

namespace Homelab.Podman;

/// <summary>
/// The fixed address of a Service's container on its own network. Homelab chooses it, rather than Podman's IPAM, so the
/// controller knows the container's IP and MAC without asking Podman after each start, and a replacement keeps the address
/// the firewall already knows. One container per network (the old one is stopped before its replacement starts) means no
/// two ever claim it at once. On a dual-stack network <see cref="Ip6"/> is the same host number in the IPv6 subnet.
/// </summary>
public sealed record ContainerAddress(string Ip, string Mac)
{
    /// <summary>The container's IPv6 address; null on an IPv4-only network.</summary>
    public string? Ip6 { get; init; }

    /// <summary>The first host address after the gateway, with a locally administered MAC made from it (as Docker does).</summary>
    public static ContainerAddress? For(NetworkInfo network)
    {
        ArgumentNullException.ThrowIfNull(network);
        if (network.Subnet is not { } subnet || !IPNetwork.TryParse(subnet, out var range)
            || range.BaseAddress.AddressFamily != AddressFamily.InterNetwork || range.PrefixLength > 30)
        {
            return null;
        }
        var host = FirstFreeHost(subnet, network.Gateway);
        var ip = SubnetAllocator.Host(subnet, host);
        var b = ip.GetAddressBytes();
        string? ip6 = null;
        if (network.Subnet6 is { } subnet6 && IPNetwork.TryParse(subnet6, out var range6)
            && range6.BaseAddress.AddressFamily == AddressFamily.InterNetworkV6 && range6.PrefixLength <= 64)
        {
            // A network read back from a Service's status has no IPv6 gateway: Podman's default, the first host.
            ip6 = SubnetAllocator.Host(subnet6, FirstFreeHost(subnet6, network.Gateway6 ?? SubnetAllocator.Gateway(subnet6))).ToString();
        }
        return new ContainerAddress(ip.ToString(), $"02:42:{b[0]:x2}:{b[1]:x2}:{b[2]:x2}:{b[3]:x2}") { Ip6 = ip6 };
    }

    /// <summary>Host 1 unless the gateway took it (Podman's default), else host 2.</summary>
    private static int FirstFreeHost(string subnet, string? gateway) =>
        gateway is not null && IPAddress.TryParse(gateway, out var g) && g.Equals(SubnetAllocator.Host(subnet, 1)) ? 2 : 1;
}
