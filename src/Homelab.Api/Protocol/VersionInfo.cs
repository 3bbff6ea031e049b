namespace Homelab.Api.Protocol;

/// <summary>
/// GET /version: major, minor and gitVersion (the fields kubectl reads) name the Kubernetes API level homelabd serves,
/// with homelabd's own build in <see cref="Version"/> and in gitVersion's build metadata.
/// </summary>
public sealed class VersionInfo
{
    public string Major { get; set; } = "";
    public string Minor { get; set; } = "";
    /// <summary>The Kubernetes level and homelabd's build, e.g. "v1.33.0+homelab.0.1.0".</summary>
    public string GitVersion { get; set; } = "";

    /// <summary>The homelabd build, e.g. "0.1.0".</summary>
    public string Version { get; set; } = "";
    public string ApiVersion { get; set; } = ApiGroup.ApiVersion;
    /// <summary>The .NET runtime, e.g. ".NET 10.0.1".</summary>
    public string Runtime { get; set; } = "";
    /// <summary>os/architecture, e.g. "linux/x64".</summary>
    public string Platform { get; set; } = "";
}
