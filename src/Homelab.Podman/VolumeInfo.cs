namespace Homelab.Podman;

public sealed record VolumeInfo(string Name, string Mountpoint, IReadOnlyDictionary<string, string> Labels);
