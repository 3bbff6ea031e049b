namespace Homelab.Podman;

/// <summary>A Podman network as Homelab sees it.</summary>
public sealed record NetworkInfo(
    string Name,
    string Driver,
    string BridgeName,
    string? Subnet,
    string? Gateway,
    IReadOnlyDictionary<string, string> Labels)
{
    /// <summary>The network's IPv6 subnet and gateway, for a dual-stack network; <see cref="Subnet"/> is its IPv4 one.</summary>
    public string? Subnet6 { get; init; }

    public string? Gateway6 { get; init; }

    /// <summary>Podman's id; empty for a network this process has just created and not listed since.</summary>
    public string Id { get; init; } = "";

    /// <summary>What to remove: the id when known, so a newer network that took the same name is never hit.</summary>
    public string IdOrName => Id.Length > 0 ? Id : Name;

    public string? Label(string key) => Labels.TryGetValue(key, out var value) ? value : null;
}
