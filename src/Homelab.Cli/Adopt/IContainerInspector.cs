namespace Homelab.Cli.Adopt;

/// <summary>Reads a container that runs outside Homelab; the driver is Podman (<see cref="PodmanInspector"/>).</summary>
internal interface IContainerInspector
{
    /// <summary>The container of that name with its image's defaults, or null when there is none.</summary>
    Task<RunningContainer?> InspectAsync(string name, CancellationToken cancellationToken);
}
