using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Homelab.Podman;

/// <summary>
/// Picks the first subnet of the pool that overlaps none in use (by any Podman network, managed or not). The pool's
/// family decides: used subnets of the other family never overlap it.
/// </summary>
internal static class SubnetAllocator
{
    /// <param name="option">The option that sets the pool, named in errors.</param>
    public static string Allocate(string pool, int prefixLength, IEnumerable<string> used, string option = nameof(PodmanOptions.SubnetPool))
    {
        var (poolStart, poolPrefix, family) = ParseCidr(pool, option);
        var bits = Bits(family);
        // An IPv4 subnet needs room for a gateway and a container; an IPv6 one is a /64, as SLAAC and netavark expect.
        var longest = family == AddressFamily.InterNetwork ? 30 : 64;
        if (prefixLength < poolPrefix || prefixLength > longest)
        {
            throw new ArgumentException($"prefix length {prefixLength} must be between the pool's /{poolPrefix} and /{longest}", nameof(prefixLength));
        }
        var taken = used
            .Select(u => TryParseCidr(u, out var start, out var prefix, out var f) && f == family ? (Start: start, End: start + Size(bits, prefix) - 1) : ((UInt128 Start, UInt128 End)?)null)
            .OfType<(UInt128 Start, UInt128 End)>()
            .ToList();
        var size = Size(bits, prefixLength);
        var last = poolStart + (Size(bits, poolPrefix) - 1);
        for (var candidate = poolStart; ; candidate += size)
        {
            var end = candidate + size - 1;
            if (!taken.Any(t => t.Start <= end && candidate <= t.End))
            {
                return string.Create(CultureInfo.InvariantCulture, $"{ToAddress(candidate, family)}/{prefixLength}");
            }
            if (end >= last)
            {
                break;
            }
        }
        throw new PodmanException($"no free /{prefixLength} subnet left in the pool {pool}; widen PodmanOptions.{option}");
    }

    /// <summary>The first host address of a subnet: what Podman makes the gateway.</summary>
    public static string Gateway(string subnet) => Host(subnet, 1).ToString();

    /// <summary>The <paramref name="index"/>th address of a subnet (0 is the subnet's own address).</summary>
    public static IPAddress Host(string subnet, int index)
    {
        var (start, _, family) = ParseCidr(subnet, "subnet");
        return ToAddress(start + (UInt128)index, family);
    }

    private static int Bits(AddressFamily family) => family == AddressFamily.InterNetwork ? 32 : 128;

    private static UInt128 Size(int bits, int prefix) => prefix == 0 ? UInt128.MaxValue : UInt128.One << (bits - prefix);

    private static (UInt128 Start, int Prefix, AddressFamily Family) ParseCidr(string cidr, string field) =>
        TryParseCidr(cidr, out var start, out var prefix, out var family)
            ? (start, prefix, family)
            : throw new ArgumentException($"{field} \"{cidr}\" must be a CIDR such as 10.91.0.0/16 or fd12:3456:789a::/48");

    private static bool TryParseCidr(string cidr, out UInt128 start, out int prefix, out AddressFamily family)
    {
        start = 0;
        prefix = 0;
        family = AddressFamily.Unspecified;
        var slash = cidr.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0
            || !IPAddress.TryParse(cidr[..slash], out var address)
            || address.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6)
            || !int.TryParse(cidr[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out prefix)
            || prefix > Bits(address.AddressFamily))
        {
            return false;
        }
        family = address.AddressFamily;
        var value = UInt128.Zero;
        foreach (var b in address.GetAddressBytes())
        {
            value = (value << 8) | b;
        }
        start = value & ~(Size(Bits(family), prefix) - 1);
        return true;
    }

    private static IPAddress ToAddress(UInt128 value, AddressFamily family)
    {
        var bytes = new byte[Bits(family) / 8];
        for (var i = bytes.Length - 1; i >= 0; i--)
        {
            bytes[i] = (byte)(value & 0xFF);
            value >>= 8;
        }
        return new IPAddress(bytes);
    }
}
