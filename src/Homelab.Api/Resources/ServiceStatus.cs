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
    public int? RestartCount { get; set; }
}
