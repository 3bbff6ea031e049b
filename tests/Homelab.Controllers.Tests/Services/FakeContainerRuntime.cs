using System.Runtime.CompilerServices;
using Homelab.Podman;

namespace Homelab.Controllers.Tests.Services;

/// <summary>
/// A stateful, in-memory Podman: containers, networks and volumes with labels, and a log of every write, so tests can
/// say "exactly one container was replaced" or "nothing was written".
/// </summary>
internal sealed class FakeContainerRuntime : IContainerRuntime
{
    private readonly Dictionary<string, ContainerInfo> _containers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, NetworkInfo> _networks = new(StringComparer.Ordinal);
    private readonly Dictionary<string, VolumeInfo> _volumes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ContainerAddress> _addresses = new(StringComparer.Ordinal);
    private int _nextId;

    public List<string> Writes { get; } = [];

    /// <summary>What `podman info` reports: a Debian 12 host set up by setup-host.sh unless a test says otherwise.</summary>
    public PodmanHostInfo HostInfo { get; set; } = new("4.3.1", "netavark", "runc", "/bin/sh", "runc version 1.1.5+ds1", Rootless: false);

    /// <summary>When set, `podman info` fails with this error (podman missing, broken storage).</summary>
    public PodmanException? HostInfoError { get; set; }

    /// <summary>When set, running the probe container fails with this error (netavark missing a tool, a broken runtime).</summary>
    public PodmanException? ProbeError { get; set; }

    public int ProbeRuns { get; private set; }

    public Task ProbeContainerRunAsync(CancellationToken cancellationToken)
    {
        ProbeRuns++;
        return ProbeError is { } error ? Task.FromException(error) : Task.CompletedTask;
    }

    public Task<PodmanHostInfo> GetHostInfoAsync(CancellationToken cancellationToken) =>
        HostInfoError is { } error ? Task.FromException<PodmanHostInfo>(error) : Task.FromResult(HostInfo);

    public Dictionary<string, string> ImageDigests { get; } = new(StringComparer.Ordinal);

    /// <summary>Images whose containers exit at once when started (a broken release).</summary>
    public HashSet<string> CrashingDigests { get; } = new(StringComparer.Ordinal);

    /// <summary>Digests whose process crashes and is restarted by podman's restart policy: running, but restarted.</summary>
    public HashSet<string> CrashLoopingDigests { get; } = new(StringComparer.Ordinal);

    /// <summary>Digests in local storage: every one pulled so far; a test removes one to play an image pruned by hand.</summary>
    public HashSet<string> LocalDigests { get; } = new(StringComparer.Ordinal);

    public List<ContainerDefinition> Created { get; } = [];

    public IReadOnlyCollection<ContainerInfo> Containers => _containers.Values;

    public IReadOnlyCollection<NetworkInfo> Networks => _networks.Values;

    public IReadOnlyCollection<VolumeInfo> Volumes => _volumes.Values;

    public ContainerInfo? ContainerNamed(string name) => _containers.Values.FirstOrDefault(c => c.Name == name);

    /// <summary>What `podman rm -f` by hand does.</summary>
    public void RemoveByHand(string name) => _containers.Remove(ContainerNamed(name)!.Id);

    /// <summary>What a crash or `podman stop` by hand leaves behind; podman's start and exit times when given.</summary>
    public void ExitByHand(string name, int exitCode, DateTimeOffset? startedAt = null, DateTimeOffset? finishedAt = null)
    {
        var container = ContainerNamed(name)!;
        _containers[container.Id] = container with { State = ContainerStates.Exited, ExitCode = exitCode, StartedAt = startedAt, FinishedAt = finishedAt };
    }

    public void AddContainer(ContainerInfo container) => _containers[container.Id] = container;

    public void AddNetwork(NetworkInfo network) => _networks[network.Name] = network;

    public Task<NetworkInfo?> InspectNetworkAsync(string name, CancellationToken cancellationToken) =>
        Task.FromResult(_networks.GetValueOrDefault(name));

    /// <summary>Runs once right after the next network listing: what another worker does between a list and a remove.</summary>
    public Action? AfterNextNetworkList { get; set; }

    public Task<IReadOnlyList<NetworkInfo>> ListNetworksAsync(IReadOnlyDictionary<string, string> labels, CancellationToken cancellationToken)
    {
        IReadOnlyList<NetworkInfo> listed = _networks.Values.Where(n => Matches(n.Labels, labels)).ToList();
        var after = AfterNextNetworkList;
        AfterNextNetworkList = null;
        after?.Invoke();
        return Task.FromResult(listed);
    }

    public Task<NetworkInfo> CreateNetworkAsync(NetworkCreateRequest request, CancellationToken cancellationToken)
    {
        if (_networks.ContainsKey(request.Name))
        {
            throw new PodmanException("podman network create", 125, $"network name {request.Name} already used: network already exists");
        }
        Write($"network create {request.Name}");
        var subnet = request.Subnet ?? $"10.91.{_networks.Count}.0/24";
        var network = new NetworkInfo(request.Name, request.Driver, request.BridgeName ?? "", subnet, request.Gateway ?? subnet.Replace(".0/24", ".1", StringComparison.Ordinal), request.Labels)
        {
            Id = $"n{++_nextId:D4}",
            Subnet6 = request.Ipv6 ? $"fd5b:0:0:{_networks.Count:x}::/64" : null,
            Gateway6 = request.Ipv6 ? $"fd5b:0:0:{_networks.Count:x}::1" : null,
        };
        _networks[request.Name] = network;
        return Task.FromResult(network);
    }

    /// <summary>Linux bridges on the host, as netavark makes them when a network's first container starts (or leaves them behind).</summary>
    public HashSet<string> HostBridges { get; } = new(StringComparer.Ordinal);

    public Task<IReadOnlyList<string>> RemoveStaleBridgesAsync(CancellationToken cancellationToken)
    {
        var claimed = _networks.Values.Select(n => n.BridgeName).ToHashSet(StringComparer.Ordinal);
        var stale = HostBridges.Where(b => PodmanNames.IsBridgeName(b) && !claimed.Contains(b)).Order(StringComparer.Ordinal).ToList();
        foreach (var bridge in stale)
        {
            Write($"bridge rm {bridge}");
            HostBridges.Remove(bridge);
        }
        return Task.FromResult<IReadOnlyList<string>>(stale);
    }

    /// <summary>Like `podman network rm --force`: by name or id, absent is fine, and the network's containers go with it.</summary>
    public Task RemoveNetworkAsync(string nameOrId, CancellationToken cancellationToken)
    {
        var network = _networks.GetValueOrDefault(nameOrId) ?? _networks.Values.FirstOrDefault(n => n.Id.Length > 0 && n.Id == nameOrId);
        Write($"network rm {network?.Name ?? nameOrId}");
        if (network is not null)
        {
            _networks.Remove(network.Name);
            foreach (var container in _containers.Values.Where(c => NetworkOf(c) == network.Name).ToList())
            {
                _containers.Remove(container.Id);
            }
        }
        return Task.CompletedTask;
    }

    public Task<ContainerInfo?> InspectContainerAsync(string nameOrId, CancellationToken cancellationToken) =>
        Task.FromResult(Find(nameOrId));

    public Task<IReadOnlyList<ContainerInfo>> InspectContainersAsync(IReadOnlyList<string> namesOrIds, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ContainerInfo>>(namesOrIds.Select(Find).OfType<ContainerInfo>().Distinct().ToList());

    public Task<IReadOnlyList<ContainerInfo>> ListContainersAsync(IReadOnlyDictionary<string, string> labels, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ContainerInfo>>(_containers.Values.Where(c => Matches(c.Labels, labels)).ToList());

    public Task<string> CreateContainerAsync(ContainerDefinition definition, CancellationToken cancellationToken)
    {
        if (ContainerNamed(definition.Name) is not null)
        {
            throw new PodmanException("podman create", 125, $"the container name \"{definition.Name}\" is already in use");
        }
        Write($"create {definition.Name}");
        Created.Add(definition);
        var id = $"c{++_nextId:D4}";
        var digest = definition.PinnedImage[(definition.PinnedImage.IndexOf('@', StringComparison.Ordinal) + 1)..];
        _containers[id] = new ContainerInfo(id, definition.Name, ContainerStates.Created, definition.Labels) { ImageDigest = digest };
        if (definition.Address is { } address)
        {
            _addresses[id] = address;
        }
        return Task.FromResult(id);
    }

    public Task StartContainerAsync(string nameOrId, CancellationToken cancellationToken)
    {
        Write($"start {Name(nameOrId)}");
        var container = Find(nameOrId) ?? throw new PodmanException("podman start", 125, $"no such container {nameOrId}");
        var network = NetworkOf(container);
        var address = _addresses.GetValueOrDefault(container.Id) ?? new ContainerAddress("10.91.0.2", "02:00:0a:5b:00:02");
        _containers[container.Id] = CrashingDigests.Contains(container.ImageDigest ?? "")
            ? container with { State = ContainerStates.Exited, ExitCode = 1, Error = "exec: \"/bin/app\": not found" }
            : CrashLoopingDigests.Contains(container.ImageDigest ?? "")
            ? container with { State = ContainerStates.Running, ExitCode = 1, RestartCount = 2 }
            : container with { State = ContainerStates.Running, ExitCode = 0, Error = null, Addresses = new Dictionary<string, string> { [network] = address.Ip }, Addresses6 = address.Ip6 is { } ip6 ? new Dictionary<string, string> { [network] = ip6 } : new Dictionary<string, string>(), MacAddresses = new Dictionary<string, string> { [network] = address.Mac } };
        return Task.CompletedTask;
    }

    /// <summary>
    /// Like podman run: create, then start. A program that cannot be executed fails the run and leaves the container
    /// created; a crash-looping one still "runs", as podman's does.
    /// </summary>
    public async Task<string> RunContainerAsync(ContainerDefinition definition, CancellationToken cancellationToken)
    {
        var id = await CreateContainerAsync(definition, cancellationToken);
        await StartContainerAsync(id, cancellationToken);
        if (_containers[id].Error is { } error)
        {
            _containers[id] = _containers[id] with { State = ContainerStates.Created };
            throw new PodmanException("podman run", 127, error);
        }
        return id;
    }

    public Task StopContainerAsync(string nameOrId, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        Write($"stop {Name(nameOrId)}");
        var container = Find(nameOrId)!;
        _containers[container.Id] = container with { State = ContainerStates.Exited, ExitCode = 143 };
        return Task.CompletedTask;
    }

    public Task RemoveContainerAsync(string nameOrId, CancellationToken cancellationToken)
    {
        Write($"rm {Name(nameOrId)}");
        if (Find(nameOrId) is { } container)
        {
            _containers.Remove(container.Id);
        }
        return Task.CompletedTask;
    }

    public Task RenameContainerAsync(string nameOrId, string newName, CancellationToken cancellationToken)
    {
        Write($"rename {Name(nameOrId)} {newName}");
        var container = Find(nameOrId)!;
        _containers[container.Id] = container with { Name = newName };
        return Task.CompletedTask;
    }

    public Task RunHealthCheckAsync(string nameOrId, CancellationToken cancellationToken)
    {
        var container = Find(nameOrId)!;
        _containers[container.Id] = container with { Health = HealthStates.Healthy };
        return Task.CompletedTask;
    }

    /// <summary>Containers whose conmon and process died without podman noticing (by id).</summary>
    public HashSet<string> LostRuntimes { get; } = new(StringComparer.Ordinal);

    public Task<bool> IsAliveAsync(ContainerInfo container, CancellationToken cancellationToken) => Task.FromResult(!LostRuntimes.Contains(container.Id));

    public Task<ImageInfo?> InspectImageAsync(string reference, CancellationToken cancellationToken) =>
        Task.FromResult(ImageDigests.TryGetValue(reference, out var digest) ? new ImageInfo("id-" + digest[7..19], digest, [reference]) : null);

    public Task<ImageInfo> PullImageAsync(string reference, CancellationToken cancellationToken)
    {
        Write($"pull {reference}");
        return Task.FromResult(Resolve(reference));
    }

    private ImageInfo Resolve(string reference)
    {
        // name[:tag]@digest resolves to any digest pulled before and not pruned since, as Podman's local storage does.
        var at = reference.IndexOf('@', StringComparison.Ordinal);
        string? digest = at >= 0
            ? (LocalDigests.Contains(reference[(at + 1)..]) ? reference[(at + 1)..] : null)
            : ImageDigests.GetValueOrDefault(reference);
        if (digest is null)
        {
            throw new PodmanException("podman pull", 125, $"initializing source docker://{reference}: reading manifest: manifest unknown");
        }
        LocalDigests.Add(digest);
        return new ImageInfo("id-" + digest[7..19], digest, [reference]);
    }

    /// <summary>Digests a signature policy refuses, as containers/image does for an unsigned or wrongly signed image.</summary>
    public HashSet<string> UnsignedDigests { get; } = new(StringComparer.Ordinal);

    /// <summary>The signature policy file of the last verified pull, as it was when podman would have read it.</summary>
    public string? LastSignaturePolicy { get; private set; }

    public Task<ImageInfo> PullVerifiedAsync(string reference, string signaturePolicy, CancellationToken cancellationToken)
    {
        Write($"pull --signature-policy {reference}");
        LastSignaturePolicy = File.ReadAllText(signaturePolicy);
        var at = reference.IndexOf('@', StringComparison.Ordinal);
        var digest = at >= 0 ? reference[(at + 1)..] : ImageDigests.GetValueOrDefault(reference);
        if (digest is not null && UnsignedDigests.Contains(digest))
        {
            throw new PodmanException("podman pull", 125, "Source image rejected: A signature was required, but no signature exists");
        }
        // A verified pull always goes to the registry, which has every digest a test gave a reference.
        if (digest is not null && ImageDigests.ContainsValue(digest))
        {
            LocalDigests.Add(digest);
        }
        return Task.FromResult(Resolve(reference));
    }

    public Task<IReadOnlyList<LocalImageInfo>> ListImagesAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<LocalImageInfo>>([]);

    public Task RemoveImageAsync(string reference, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<IReadOnlyList<VolumeInfo>> ListVolumesAsync(IReadOnlyDictionary<string, string> labels, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<VolumeInfo>>(_volumes.Values.Where(v => Matches(v.Labels, labels)).ToList());

    public Task CreateVolumeAsync(string name, IReadOnlyDictionary<string, string> labels, CancellationToken cancellationToken)
    {
        Write($"volume create {name}");
        _volumes[name] = new VolumeInfo(name, "/var/lib/containers/storage/volumes/" + name, labels);
        return Task.CompletedTask;
    }

    public Task RemoveVolumeAsync(string name, CancellationToken cancellationToken)
    {
        Write($"volume rm {name}");
        _volumes.Remove(name);
        return Task.CompletedTask;
    }

    public async IAsyncEnumerable<string> StreamLogsAsync(string nameOrId, bool follow, int? tailLines, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        yield return $"log of {nameOrId}";
    }

    /// <summary>What `podman events` would report: written by a test, read by whoever watches.</summary>
    public System.Threading.Channels.Channel<ContainerEvent> Events { get; } = System.Threading.Channels.Channel.CreateUnbounded<ContainerEvent>();

    public IAsyncEnumerable<ContainerEvent> WatchContainerEventsAsync(IReadOnlyDictionary<string, string> labels, CancellationToken cancellationToken) =>
        Events.Reader.ReadAllAsync(cancellationToken).Where(e => Matches(e.Labels, labels));

    private void Write(string operation) => Writes.Add(operation);

    private static string NetworkOf(ContainerInfo container) =>
        container.Labels.TryGetValue(HomelabLabels.Namespace, out var ns) && container.Labels.TryGetValue(HomelabLabels.Name, out var name)
            ? PodmanNames.Network(ns, name)
            : "";

    private ContainerInfo? Find(string nameOrId) =>
        _containers.GetValueOrDefault(nameOrId) ?? ContainerNamed(nameOrId);

    private string Name(string nameOrId) => Find(nameOrId)?.Name ?? nameOrId;

    private static bool Matches(IReadOnlyDictionary<string, string> labels, IReadOnlyDictionary<string, string> selector) =>
        selector.All(s => labels.TryGetValue(s.Key, out var value) && value == s.Value);
}
