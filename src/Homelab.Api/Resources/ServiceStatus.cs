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
    /// <summary>The container's IPv4 address on its network (what the proxy and host ports reach).</summary>
    public string? Ip { get; set; }
    /// <summary>Every address of the container on its network, in the order of spec.ipFamilies (Kubernetes' podIPs).</summary>
    public List<string>? Ips { get; set; }
    /// <summary>The container's MAC address on its network; the firewall's anti-spoofing pins it when known.</summary>
    public string? Mac { get; set; }
    /// <summary>The network's subnet (CIDR) and gateway, as Podman created them.</summary>
    public string? Subnet { get; set; }
    /// <summary>Every subnet of the network, in the order of spec.ipFamilies: the IPv4 one and, for dual stack, an IPv6 /64.</summary>
    public List<string>? Subnets { get; set; }
    public string? Gateway { get; set; }
    /// <summary>Restarts homelabd made of this Service's container (after an exit, a failed health check, a lost runtime).</summary>
    public int? RestartCount { get; set; }
    /// <summary>Why the container last ended: Liveness, Error, OOMKilled, Completed or RuntimeLost.</summary>
    public string? LastTerminationReason { get; set; }
    /// <summary>When that was, as podman or homelabd saw it.</summary>
    public DateTimeOffset? LastTerminationTime { get; set; }
}
