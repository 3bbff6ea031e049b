using System.Net;

namespace Homelab.Nftables.Model;

/// <summary>
/// A Service as the firewall sees it. Its identity on the wire is <see cref="Interface"/>, the bridge of its own network:
/// a packet's input or output interface cannot be forged across bridges, so policy needs no IP bookkeeping.
/// A Service without an interface is not running yet; it is selected by policies but has no rules.
/// </summary>
public sealed record ServiceEndpoint
{
    public required string Namespace { get; init; }
    public required string Name { get; init; }
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
    public string? Interface { get; init; }
    public IPAddress? Address { get; init; }
    /// <summary>The container's MAC address, when known; anti-spoofing checks it.</summary>
    public string? Mac { get; init; }
    public IReadOnlyList<NamedPort> Ports { get; init; } = [];
    /// <summary>The network's gateway (the host side of the bridge), where DNS is served.</summary>
    public IPAddress? Gateway { get; init; }
    public IPNetwork? Subnet { get; init; }
    /// <summary>The container's IPv6 address and its network's IPv6 subnet, on a dual-stack network; null for single stack.</summary>
    public IPAddress? Address6 { get; init; }
    public IPNetwork? Subnet6 { get; init; }

    public string Key => $"{Namespace}/{Name}";

    public override string ToString() => Key;
}
