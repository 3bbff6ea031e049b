using Homelab.Api.Meta;

namespace Homelab.Api.Resources;

public sealed class ServiceStatus : ResourceStatus
{
    public string? ContainerID { get; set; }
    /// <summary>The digest of the image that actually runs.</summary>
    public string? ImageDigest { get; set; }
    public string? Network { get; set; }
    /// <summary>The Linux bridge of the Service's network (at most 15 characters).</summary>
    public string? Interface { get; set; }
    public string? Ip { get; set; }
    /// <summary>The container's MAC address on its network; the firewall's anti-spoofing pins it when known.</summary>
    public string? Mac { get; set; }
    /// <summary>The network's subnet (CIDR) and gateway, as Podman created them.</summary>
    public string? Subnet { get; set; }
    public string? Gateway { get; set; }
    /// <summary>Restarts homelabd made of this Service's container (after an exit, a failed health check, a lost runtime).</summary>
    public int? RestartCount { get; set; }
    /// <summary>Why the container last ended: Liveness, Error, OOMKilled, Completed or RuntimeLost.</summary>
    public string? LastTerminationReason { get; set; }
    /// <summary>When that was, as podman or homelabd saw it.</summary>
    public DateTimeOffset? LastTerminationTime { get; set; }
}
