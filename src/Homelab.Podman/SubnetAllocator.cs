using System.Globalization;
using System.Net;

namespace Homelab.Podman;

/// <summary>Picks the first subnet of the pool that overlaps none in use (by any Podman network, managed or not).</summary>
internal static class SubnetAllocator
{
    public static string Allocate(string pool, int prefixLength, IEnumerable<string> used)
    {
        var (poolStart, poolPrefix) = ParseCidr(pool, nameof(PodmanOptions.SubnetPool));
        if (prefixLength < poolPrefix || prefixLength > 30)
        {
            throw new ArgumentException($"SubnetPrefixLength {prefixLength} must be between the pool's /{poolPrefix} and /30", nameof(prefixLength));
        }
        var taken = used
            .Select(u => TryParseCidr(u, out var start, out var prefix) ? (Start: start, End: start + Size(prefix) - 1) : ((ulong Start, ulong End)?)null)
            .OfType<(ulong Start, ulong End)>()
            .ToList();
        var size = Size(prefixLength);
        var end = poolStart + Size(poolPrefix);
        for (var candidate = poolStart; candidate < end; candidate += size)
        {
            var last = candidate + size - 1;
            if (!taken.Any(t => t.Start <= last && candidate <= t.End))
            {
                return string.Create(CultureInfo.InvariantCulture, $"{ToAddress(candidate)}/{prefixLength}");
            }
        }
        throw new PodmanException($"no free /{prefixLength} subnet left in the pool {pool}; widen PodmanOptions.SubnetPool");
    }

    /// <summary>The first host address of a subnet: what Podman makes the gateway.</summary>
    public static string Gateway(string subnet)
    {
        var (start, _) = ParseCidr(subnet, "subnet");
        return ToAddress(start + 1);
    }

    private static ulong Size(int prefix) => 1UL << (32 - prefix);

    private static (ulong Start, int Prefix) ParseCidr(string cidr, string field) =>
        TryParseCidr(cidr, out var start, out var prefix)
            ? (start, prefix)
            : throw new ArgumentException($"{field} \"{cidr}\" must be an IPv4 CIDR such as 10.91.0.0/16");

    private static bool TryParseCidr(string cidr, out ulong start, out int prefix)
    {
        start = 0;
        prefix = 0;
        var slash = cidr.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0
            || !IPAddress.TryParse(cidr[..slash], out var address)
            || address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork
            || !int.TryParse(cidr[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out prefix)
            || prefix is < 0 or > 32)
        {
            return false;
        }
        var bytes = address.GetAddressBytes();
        var value = ((ulong)bytes[0] << 24) | ((ulong)bytes[1] << 16) | ((ulong)bytes[2] << 8) | bytes[3];
        start = value & ~(Size(prefix) - 1) & 0xFFFFFFFF;
        return true;
    }

    private static string ToAddress(ulong value) =>
        new IPAddress([(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value]).ToString();
}
