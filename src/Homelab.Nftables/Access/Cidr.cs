using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Homelab.Nftables.Access;

/// <summary>An address prefix. Host bits after the prefix are ignored, as nft does.</summary>
internal readonly record struct Cidr(AddressFamily Family, UInt128 First, UInt128 Last)
{
    public (UInt128 First, UInt128 Last) Range => (First, Last);

    public static bool TryParse(string? text, out Cidr cidr, out string error)
    {
        cidr = default;
        error = "";
        var slash = text?.IndexOf('/') ?? -1;
        if (text is null || slash < 0)
        {
            error = $"\"{text}\" is not a CIDR (expected address/prefix, e.g. 192.168.1.0/24)";
            return false;
        }
        if (!IPAddress.TryParse(text.AsSpan(0, slash), out var address) || (address.AddressFamily == AddressFamily.InterNetworkV6 && address.ScopeId != 0))
        {
            error = $"\"{text}\" does not start with an IP address";
            return false;
        }
        var width = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        if (!int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var prefix) || prefix > width)
        {
            error = $"\"{text}\" has a prefix length outside 0-{width}";
            return false;
        }
        var hostMask = prefix == 0 ? (width == 32 ? (UInt128)uint.MaxValue : UInt128.MaxValue) : (width - prefix == 0 ? UInt128.Zero : (UInt128.One << (width - prefix)) - 1);
        var first = ToNumber(address) & ~hostMask;
        cidr = new Cidr(address.AddressFamily, first, first | hostMask);
        return true;
    }

    public static UInt128 ToNumber(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        UInt128 value = 0;
        foreach (var b in bytes)
        {
            value = (value << 8) | b;
        }
        return value;
    }

    public static IPAddress ToAddress(UInt128 value, AddressFamily family)
    {
        var bytes = new byte[family == AddressFamily.InterNetwork ? 4 : 16];
        for (var i = bytes.Length - 1; i >= 0; i--)
        {
            bytes[i] = (byte)(value & 0xff);
            value >>= 8;
        }
        return new IPAddress(bytes);
    }
}
