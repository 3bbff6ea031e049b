using Homelab.Podman;

namespace Homelab.Controllers.Tests.Services;

/// <summary>Passes every call to the real runtime and records the ones that change something, so a test can prove "no Podman writes".</summary>
internal sealed class RecordingRuntime(IContainerRuntime inner) : IContainerRuntime
{
    public List<string> Writes { get; } = [];

    public Task ProbeContainerRunAsync(CancellationToken cancellationToken) => inner.ProbeContainerRunAsync(cancellationToken);

    public Task<PodmanHostInfo> GetHostInfoAsync(CancellationToken cancellationToken) => inner.GetHostInfoAsync(cancellationToken);

    public Task<NetworkInfo?> InspectNetworkAsync(string name, CancellationToken cancellationToken) => inner.InspectNetworkAsync(name, cancellationToken);

    public Task<IReadOnlyList<NetworkInfo>> ListNetworksAsync(IReadOnlyDictionary<string, string> labels, CancellationToken cancellationToken) => inner.ListNetworksAsync(labels, cancellationToken);

    public Task<NetworkInfo> CreateNetworkAsync(NetworkCreateRequest request, CancellationToken cancellationToken) => Record($"network create {request.Name}", () => inner.CreateNetworkAsync(request, cancellationToken));

    public Task<IReadOnlyList<string>> RemoveStaleBridgesAsync(CancellationToken cancellationToken) => inner.RemoveStaleBridgesAsync(cancellationToken);

    public Task RemoveNetworkAsync(string name, CancellationToken cancellationToken) => Record($"network rm {name}", () => inner.RemoveNetworkAsync(name, cancellationToken));

    public Task<ContainerInfo?> InspectContainerAsync(string nameOrId, CancellationToken cancellationToken) => inner.InspectContainerAsync(nameOrId, cancellationToken);

    public Task<IReadOnlyList<ContainerInfo>> InspectContainersAsync(IReadOnlyList<string> namesOrIds, CancellationToken cancellationToken) => inner.InspectContainersAsync(namesOrIds, cancellationToken);

    public Task<IReadOnlyList<ContainerInfo>> ListContainersAsync(IReadOnlyDictionary<string, string> labels, CancellationToken cancellationToken) => inner.ListContainersAsync(labels, cancellationToken);

    public Task<string> CreateContainerAsync(ContainerDefinition definition, CancellationToken cancellationToken) => Record($"create {definition.Name}", () => inner.CreateContainerAsync(definition, cancellationToken));

    public Task StartContainerAsync(string nameOrId, CancellationToken cancellationToken) => Record($"start {nameOrId}", () => inner.StartContainerAsync(nameOrId, cancellationToken));

    public Task<string> RunContainerAsync(ContainerDefinition definition, CancellationToken cancellationToken) => Record($"run {definition.Name}", () => inner.RunContainerAsync(definition, cancellationToken));

    public Task StopContainerAsync(string nameOrId, TimeSpan? timeout, CancellationToken cancellationToken) => Record($"stop {nameOrId}", () => inner.StopContainerAsync(nameOrId, timeout, cancellationToken));

    public Task RemoveContainerAsync(string nameOrId, CancellationToken cancellationToken) => Record($"rm {nameOrId}", () => inner.RemoveContainerAsync(nameOrId, cancellationToken));

    public Task RenameContainerAsync(string nameOrId, string newName, CancellationToken cancellationToken) => Record($"rename {nameOrId} {newName}", () => inner.RenameContainerAsync(nameOrId, newName, cancellationToken));

    public Task RunHealthCheckAsync(string nameOrId, CancellationToken cancellationToken) => inner.RunHealthCheckAsync(nameOrId, cancellationToken);

    public Task<bool> IsAliveAsync(ContainerInfo container, CancellationToken cancellationToken) => inner.IsAliveAsync(container, cancellationToken);

    public Task<ImageInfo?> InspectImageAsync(string reference, CancellationToken cancellationToken) => inner.InspectImageAsync(reference, cancellationToken);

    public Task<ImageInfo> PullImageAsync(string reference, CancellationToken cancellationToken) => Record($"pull {reference}", () => inner.PullImageAsync(reference, cancellationToken));

    public Task<ImageInfo> PullVerifiedAsync(string reference, string signaturePolicy, CancellationToken cancellationToken) =>
        Record($"pull --signature-policy {reference}", () => inner.PullVerifiedAsync(reference, signaturePolicy, cancellationToken));

    public Task<IReadOnlyList<LocalImageInfo>> ListImagesAsync(CancellationToken cancellationToken) => inner.ListImagesAsync(cancellationToken);

    public Task RemoveImageAsync(string reference, CancellationToken cancellationToken) => Record($"rmi {reference}", () => inner.RemoveImageAsync(reference, cancellationToken));

    public Task<IReadOnlyList<VolumeInfo>> ListVolumesAsync(IReadOnlyDictionary<string, string> labels, CancellationToken cancellationToken) => inner.ListVolumesAsync(labels, cancellationToken);

    public Task CreateVolumeAsync(string name, IReadOnlyDictionary<string, string> labels, CancellationToken cancellationToken) => Record($"volume create {name}", () => inner.CreateVolumeAsync(name, labels, cancellationToken));

    public Task RemoveVolumeAsync(string name, CancellationToken cancellationToken) => Record($"volume rm {name}", () => inner.RemoveVolumeAsync(name, cancellationToken));

    public IAsyncEnumerable<string> StreamLogsAsync(string nameOrId, bool follow, int? tailLines, CancellationToken cancellationToken) => inner.StreamLogsAsync(nameOrId, follow, tailLines, cancellationToken);

    private Task<T> Record<T>(string write, Func<Task<T>> call)
    {
        lock (Writes)
        {
            Writes.Add(write);
        }
        return call();
    }

    private Task Record(string write, Func<Task> call)
    {
        lock (Writes)
        {
            Writes.Add(write);
        }
        return call();
    }

    public IAsyncEnumerable<ContainerEvent> WatchContainerEventsAsync(IReadOnlyDictionary<string, string> labels, CancellationToken cancellationToken) => inner.WatchContainerEventsAsync(labels, cancellationToken);
}
