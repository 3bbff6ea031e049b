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
    public int? RestartCount { get; set; }
}
