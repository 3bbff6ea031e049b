namespace Homelab.Api.Protocol;

/// <summary>GET /version: what the daemon is; major, minor and gitVersion are the fields kubectl reads.</summary>
public sealed class VersionInfo
{
    public string Major { get; set; } = "";
    public string Minor { get; set; } = "";
    /// <summary>"v" and <see cref="Version"/>, e.g. "v0.1.0".</summary>
    public string GitVersion { get; set; } = "";

    /// <summary>The homelabd build, e.g. "0.1.0".</summary>
    public string Version { get; set; } = "";
    public string ApiVersion { get; set; } = ApiGroup.ApiVersion;
    /// <summary>The .NET runtime, e.g. ".NET 10.0.1".</summary>
    public string Runtime { get; set; } = "";
    /// <summary>os/architecture, e.g. "linux/x64".</summary>
    public string Platform { get; set; } = "";
}
