namespace Homelab.Podman;

/// <summary>A Podman network as Homelab sees it.</summary>
public sealed record NetworkInfo(
    string Name,
    string Driver,
    string BridgeName,
    string? Subnet,
    string? Gateway,
    IReadOnlyDictionary<string, string> Labels);
