namespace Homelab.Podman;

/// <summary>A container as Homelab sees it: enough to decide whether it is current and healthy.</summary>
public sealed record ContainerInfo(
    string Id,
    string Name,
    string State,
    IReadOnlyDictionary<string, string> Labels)
{
    public int ExitCode { get; init; }

    public int RestartCount { get; init; }

    /// <summary>healthy, unhealthy, starting, or "" when the container has no health check.</summary>
    public string Health { get; init; } = "";

    /// <summary>The digest of the image the container runs (sha256:…).</summary>
    public string? ImageDigest { get; init; }

    /// <summary>When the container last started; null if it never did.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>When the container last exited; null if it never did.</summary>
    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>The container's main process and its conmon, as podman recorded them; 0 when not running or not said.</summary>
    public int Pid { get; init; }

    public int ConmonPid { get; init; }

    /// <summary>The OCI runtime podman runs the container with (runc, crun); null when not said.</summary>
    public string? OciRuntime { get; init; }

    /// <summary>The kernel's OOM killer ended the container's last run.</summary>
    public bool OomKilled { get; init; }

    /// <summary>The podman error recorded when the container last failed to start, if any.</summary>
    public string? Error { get; init; }

    /// <summary>IPv4 addresses by network name.</summary>
    public IReadOnlyDictionary<string, string> Addresses { get; init; } = new Dictionary<string, string>();

    /// <summary>Global (non-link-local) IPv6 addresses by network name, on dual-stack networks.</summary>
    public IReadOnlyDictionary<string, string> Addresses6 { get; init; } = new Dictionary<string, string>();

    /// <summary>MAC addresses by network name; the firewall pins each container to its own on its bridge.</summary>
    public IReadOnlyDictionary<string, string> MacAddresses { get; init; } = new Dictionary<string, string>();

    public bool IsRunning => State == ContainerStates.Running;

    public string? Label(string key) => Labels.TryGetValue(key, out var value) ? value : null;
}

/// <summary>Podman's container state names.</summary>
public static class ContainerStates
{
    public const string Created = "created";
    public const string Running = "running";
    public const string Exited = "exited";
    public const string Stopped = "stopped";
    public const string Paused = "paused";
}

/// <summary>Podman's health status names.</summary>
public static class HealthStates
{
    public const string Healthy = "healthy";
    public const string Unhealthy = "unhealthy";
    public const string Starting = "starting";
}
