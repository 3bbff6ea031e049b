using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace Homelab.Podman;

/// <summary>
/// The homelab's own IPv6 prefix: a unique-local /48 (RFC 4193: fd00::/8 and a 40-bit random global ID), chosen once
/// and kept in the data directory, so Service networks keep their addresses across restarts and two homelabs joined by
/// a VPN almost surely do not collide. Each dual-stack Service network takes a /64 of it.
/// </summary>
internal static class UniqueLocalPrefix
{
    public const string FileName = "ipv6-prefix";

    /// <summary>The prefix kept in <paramref name="dataDir"/>, chosen and written there on first use.</summary>
    /// <exception cref="PodmanException">The file exists and does not hold an IPv6 prefix.</exception>
    public static string LoadOrCreate(string dataDir, out bool created)
    {
        var path = Path.Combine(dataDir, FileName);
        created = false;
        if (File.Exists(path))
        {
            var text = File.ReadAllText(path).Trim();
            return IsIPv6Prefix(text)
                ? text
                : throw new PodmanException($"{path}: \"{text}\" is not an IPv6 prefix such as fd12:3456:789a::/48; fix or delete the file (a new prefix renumbers every Service network)");
        }
        var prefix = Generate();
        Directory.CreateDirectory(dataDir);
        // Written aside and renamed: a crash never leaves a half-written prefix behind.
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, prefix + "\n");
        File.Move(temporary, path, overwrite: true);
        created = true;
        return prefix;
    }

    /// <summary>fd00::/8 followed by 40 random bits, as a /48.</summary>
    public static string Generate()
    {
        Span<byte> bytes = stackalloc byte[16];
        bytes.Clear();
        bytes[0] = 0xfd;
        RandomNumberGenerator.Fill(bytes[1..6]);
        return string.Create(CultureInfo.InvariantCulture, $"{new IPAddress(bytes)}/48");
    }

    /// <summary>An IPv6 network of /64 or wider, written without host bits.</summary>
    public static bool IsIPv6Prefix(string? text) =>
        IPNetwork.TryParse(text, out var network)
        && network.BaseAddress.AddressFamily == AddressFamily.InterNetworkV6
        && network.PrefixLength <= 64;
}
