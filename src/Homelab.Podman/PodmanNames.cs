using System.Security.Cryptography;
using System.Text;

namespace Homelab.Podman;

/// <summary>Deterministic Podman and Linux names for a Service's objects.</summary>
public static class PodmanNames
{
    /// <summary>Podman accepts longer names, but 63 keeps them readable in `podman ps` and valid as DNS labels.</summary>
    public const int MaxNameLength = 63;

    /// <summary>A Linux interface name is at most 15 bytes (IFNAMSIZ - 1).</summary>
    public const int MaxInterfaceLength = 15;

    public const string ReplacementSuffix = "-next";

    public static string Network(string ns, string name) => Bounded($"hl-{ns}-{name}", ns, name);

    public static string Container(string ns, string name) => Bounded($"hl-{ns}-{name}", ns, name, reserve: ReplacementSuffix.Length);

    /// <summary>The name a replacement container has until the old one is gone.</summary>
    public static string ReplacementContainer(string ns, string name) => Container(ns, name) + ReplacementSuffix;

    public static string Volume(string ns, string name, string volume) => Bounded($"hl-{ns}-{name}-{volume}", ns, name + "/" + volume);

    public static string ExtraNetwork(string ns, string name, string network) => Bounded($"hl-{ns}-{name}-{network}", ns, name + "/" + network);

    /// <summary>The host file name of the config file at <paramref name="index"/>: indexed, so two files named alike never collide.</summary>
    public static string ConfigFile(int index, string mountPath) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{index}-{Path.GetFileName(mountPath.TrimEnd('/'))}");

    /// <summary>"hl" + 10 hex characters of a hash of namespace/name: 12 characters, under IFNAMSIZ.</summary>
    public static string Bridge(string ns, string name) => "hl" + Hash($"{ns}/{name}")[..10];

    /// <summary>Whether <paramref name="name"/> is shaped as <see cref="Bridge"/> makes names: "hl" and 10 lower-case hex characters.</summary>
    public static bool IsBridgeName(string name) =>
        name.Length == 12 && name.StartsWith("hl", StringComparison.Ordinal) && name[2..].All(c => char.IsAsciiHexDigitLower(c) || char.IsAsciiDigit(c));

    /// <summary>Names that fit stay readable; longer ones keep a prefix and end in a hash of the full identity, so they stay unique.</summary>
    private static string Bounded(string full, string ns, string identity, int reserve = 0)
    {
        var limit = MaxNameLength - reserve;
        if (full.Length <= limit)
        {
            return full;
        }
        var suffix = "-" + Hash($"{ns}/{identity}")[..8];
        return full[..(limit - suffix.Length)].TrimEnd('-') + suffix;
    }

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
