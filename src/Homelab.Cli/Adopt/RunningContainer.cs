namespace Homelab.Cli.Adopt;

/// <summary>A published port as Podman reports it: "HOSTIP:HOSTPORT->CONTAINERPORT/PROTOCOL" (no host IP: all addresses).</summary>
internal sealed record PublishedPort(string? HostIP, int HostPort, int ContainerPort, string Protocol)
{
    public override string ToString() => $"{(string.IsNullOrEmpty(HostIP) ? "" : HostIP + ":")}{HostPort}->{ContainerPort}/{Protocol.ToLowerInvariant()}";
}

/// <summary>A mount of a container: a named volume (Name) or a bind mount (Source), at Destination.</summary>
internal sealed record ContainerMount(string Type, string? Name, string? Source, string Destination, bool ReadOnly);

/// <summary>
/// A container that already runs outside Homelab, and its image's defaults, as far as the adoption plan compares them
/// with the Service an import made.
/// </summary>
internal sealed record RunningContainer(string Name, string State, string Image)
{
    public IReadOnlyList<string> Entrypoint { get; init; } = [];

    public IReadOnlyList<string> Cmd { get; init; } = [];

    public IReadOnlyDictionary<string, string> Env { get; init; } = new Dictionary<string, string>();

    public string WorkingDir { get; init; } = "";

    public string User { get; init; } = "";

    public bool ReadOnlyRootFilesystem { get; init; }

    public bool Privileged { get; init; }

    public IReadOnlyList<string> CapAdd { get; init; } = [];

    public IReadOnlyList<PublishedPort> Ports { get; init; } = [];

    public IReadOnlyList<ContainerMount> Mounts { get; init; } = [];

    /// <summary>What the image sets, so a value the container only inherits is not taken for one set on it.</summary>
    public ImageDefaults Defaults { get; init; } = new();
}

/// <summary>An image's own entrypoint, command, environment and working directory.</summary>
internal sealed record ImageDefaults
{
    public IReadOnlyList<string> Entrypoint { get; init; } = [];

    public IReadOnlyList<string> Cmd { get; init; } = [];

    public IReadOnlyDictionary<string, string> Env { get; init; } = new Dictionary<string, string>();

    public string WorkingDir { get; init; } = "";
}
