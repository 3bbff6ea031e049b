using System.Net;
using System.Net.Sockets;

namespace Homelab.Podman;

/// <summary>
/// The fixed address of a Service's container on its own network. Homelab chooses it, rather than Podman's IPAM, so the
/// controller knows the container's IP and MAC without asking Podman after each start, and a replacement keeps the address
/// the firewall already knows. One container per network (the old one is stopped before its replacement starts) means no
/// two ever claim it at once.
/// </summary>
public sealed record ContainerAddress(string Ip, string Mac)
{
    /// <summary>The first host address after the gateway, with a locally administered MAC made from it (as Docker does).</summary>
    public static ContainerAddress? For(NetworkInfo network)
    {
        ArgumentNullException.ThrowIfNull(network);
        if (network.Subnet is not { } subnet || !IPNetwork.TryParse(subnet, out var range)
            || range.BaseAddress.AddressFamily != AddressFamily.InterNetwork || range.PrefixLength > 30)
        {
            return null;
        }
        var gateway = network.Gateway is { } g && IPAddress.TryParse(g, out var parsed) ? parsed : null;
        var start = ToUInt32(range.BaseAddress);
        for (var host = start + 1; host <= start + 2; host++)
        {
            var candidate = ToAddress(host);
            if (!candidate.Equals(gateway))
            {
                var b = candidate.GetAddressBytes();
                return new ContainerAddress(candidate.ToString(), $"02:42:{b[0]:x2}:{b[1]:x2}:{b[2]:x2}:{b[3]:x2}");
            }
        }
        return null;
    }

    private static uint ToUInt32(IPAddress address)
    {
        var b = address.GetAddressBytes();
        return ((uint)b[0] << 24) | ((uint)b[1] << 16) | ((uint)b[2] << 8) | b[3];
    }

    private static IPAddress ToAddress(uint value) =>
        new([(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value]);
}
