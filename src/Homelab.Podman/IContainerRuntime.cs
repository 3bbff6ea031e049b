namespace Homelab.Podman;

/// <summary>
/// The container engine seen by the Service controller. Reads return null for objects that do not exist; writes throw
/// <see cref="PodmanException"/> with Podman's error text.
/// </summary>
public interface IContainerRuntime
{
    /// <summary>What podman reports of the host (podman info); throws when podman cannot run at all.</summary>
    Task<PodmanHostInfo> GetHostInfoAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Creates a bridge network as Services get one, runs a container on it (catatonit, from a scratch root file system,
    /// so no image is needed) and removes both: proves the OCI runtime and the network backend work together.
    /// </summary>
    /// <exception cref="PodmanException">Something along the way failed; the message is podman's.</exception>
    Task ProbeContainerRunAsync(CancellationToken cancellationToken);

    Task<NetworkInfo?> InspectNetworkAsync(string name, CancellationToken cancellationToken);

    Task<IReadOnlyList<NetworkInfo>> ListNetworksAsync(IReadOnlyDictionary<string, string> labels, CancellationToken cancellationToken);

    /// <summary>Creates the network; a bridge without a subnet gets a free one from the configured pool.</summary>
    Task<NetworkInfo> CreateNetworkAsync(NetworkCreateRequest request, CancellationToken cancellationToken);

    /// <summary>Removes the network; absent is fine.</summary>
    Task RemoveNetworkAsync(string name, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes Linux bridges named as Homelab names them (<see cref="PodmanNames.IsBridgeName"/>) that no podman network
    /// claims: left behind when netavark could not tear a network down. Returns the names it removed.
    /// </summary>
    Task<IReadOnlyList<string>> RemoveStaleBridgesAsync(CancellationToken cancellationToken);

    Task<ContainerInfo?> InspectContainerAsync(string nameOrId, CancellationToken cancellationToken);

    /// <summary>The containers of these names or ids that exist, in one podman call; missing ones are left out.</summary>
    Task<IReadOnlyList<ContainerInfo>> InspectContainersAsync(IReadOnlyList<string> namesOrIds, CancellationToken cancellationToken);

    /// <summary>Containers in any state carrying all of <paramref name="labels"/>.</summary>
    Task<IReadOnlyList<ContainerInfo>> ListContainersAsync(IReadOnlyDictionary<string, string> labels, CancellationToken cancellationToken);

    /// <summary>Creates (does not start) the container; returns its id.</summary>
    Task<string> CreateContainerAsync(ContainerDefinition definition, CancellationToken cancellationToken);

    Task StartContainerAsync(string nameOrId, CancellationToken cancellationToken);

    /// <summary>
    /// Creates and starts the container in one step (podman run); returns its id. When the start fails the container
    /// exists, created but not running, and is the caller's to remove.
    /// </summary>
    Task<string> RunContainerAsync(ContainerDefinition definition, CancellationToken cancellationToken);

    /// <summary>Stops the container; without <paramref name="timeout"/> it gets the grace period it was created with.</summary>
    Task StopContainerAsync(string nameOrId, TimeSpan? timeout, CancellationToken cancellationToken);

    /// <summary>Removes the container, stopping it first; absent is fine.</summary>
    Task RemoveContainerAsync(string nameOrId, CancellationToken cancellationToken);

    Task RenameContainerAsync(string nameOrId, string newName, CancellationToken cancellationToken);

    /// <summary>Runs the container's health check once (there are no systemd timers here to do it).</summary>
    Task RunHealthCheckAsync(string nameOrId, CancellationToken cancellationToken);

    /// <summary>
    /// Whether a container podman calls running still has its conmon and its main process: podman learns of a death only
    /// from conmon, so with conmon SIGKILLed it keeps saying "running" (and "healthy") for good.
    /// </summary>
    Task<bool> IsAliveAsync(ContainerInfo container, CancellationToken cancellationToken);

    Task<ImageInfo?> InspectImageAsync(string reference, CancellationToken cancellationToken);

    /// <summary>Returns the image with its manifest digest, pulling it only when it is not present locally.</summary>
    Task<ImageInfo> PullImageAsync(string reference, CancellationToken cancellationToken);

    /// <summary>
    /// Pulls <paramref name="reference"/> from its registry even when present, accepting it only as the signature policy
    /// file <paramref name="signaturePolicy"/> allows (containers-policy.json); a refusal is a <see cref="PodmanException"/>
    /// with <see cref="PodmanException.IsImageRejected"/>. The image's digest is the manifest digest verified.
    /// </summary>
    Task<ImageInfo> PullVerifiedAsync(string reference, string signaturePolicy, CancellationToken cancellationToken);

    Task<IReadOnlyList<LocalImageInfo>> ListImagesAsync(CancellationToken cancellationToken);

    /// <summary>Removes one name or digest reference (never forced: podman refuses an image a container uses).</summary>
    Task RemoveImageAsync(string reference, CancellationToken cancellationToken);

    Task<IReadOnlyList<VolumeInfo>> ListVolumesAsync(IReadOnlyDictionary<string, string> labels, CancellationToken cancellationToken);

    Task CreateVolumeAsync(string name, IReadOnlyDictionary<string, string> labels, CancellationToken cancellationToken);

    Task RemoveVolumeAsync(string name, CancellationToken cancellationToken);

    /// <summary>
    /// Container events for containers carrying all of <paramref name="labels"/>, from now on, until cancelled or podman
    /// stops reporting (then the sequence ends: the caller decides when to watch again, and what it may have missed).
    /// </summary>
    IAsyncEnumerable<ContainerEvent> WatchContainerEventsAsync(IReadOnlyDictionary<string, string> labels, CancellationToken cancellationToken);

    /// <summary>The container's output, stdout and stderr interleaved, line by line; with <paramref name="follow"/> until cancelled or the container stops.</summary>
    IAsyncEnumerable<string> StreamLogsAsync(string nameOrId, bool follow, int? tailLines, CancellationToken cancellationToken);
}
