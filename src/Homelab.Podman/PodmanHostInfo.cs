namespace Homelab.Podman;

/// <summary>What <c>podman info</c> says of the host, as far as Homelab depends on it.</summary>
public sealed record PodmanHostInfo(string Version, string NetworkBackend, string OciRuntime, string OciRuntimePath, string OciRuntimeVersion, bool Rootless);
