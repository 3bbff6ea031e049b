namespace Homelab.Api.Protocol;

/// <summary>"homelab.dev/v1alpha1" and "v1alpha1", as discovery names a version of a group.</summary>
public sealed class GroupVersionEntry
{
    public string GroupVersion { get; set; } = "";
    public string Version { get; set; } = "";
}
