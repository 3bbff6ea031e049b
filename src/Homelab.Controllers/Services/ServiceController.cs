using Homelab.Api.Meta;
using Homelab.Api.Resources;
using Homelab.Api.Values;
using Homelab.Controllers.Images;
using Homelab.Operator;
using Homelab.Podman;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Homelab.Controllers.Services;

/// <summary>
/// Service → one container on its own bridge network. Level-triggered: each reconcile compares the container's spec-hash
/// label with the spec, writes to Podman only when they differ or the container is gone or stopped, and writes status
/// only when it changed.
/// </summary>
internal sealed class ServiceController(
    IContainerRuntime runtime,
    IResourceClient client,
    ImageVerifier verifier,
    IOptions<PodmanOptions> options,
    RestartBackoff backoff,
    SecretFileStore secrets,
    TimeProvider time,
    ILogger<ServiceController> logger) : IController<Service>
{
    private readonly PodmanOptions _options = options.Value;

    public async Task<ReconcileResult> ReconcileAsync(Service service, CancellationToken cancellationToken)
    {
        var ns = service.Namespace;
        var name = service.Name;
        var uid = service.Metadata.Uid ?? throw new InvalidOperationException($"Service {ns}/{name} has no uid");
        var labels = HomelabLabels.For(ns, name, uid, _options.ManagedBy);

        var containerName = PodmanNames.Container(ns, name);
        // A Service never reconciled almost never has containers: ask only once its network turns out to exist (podman
        // serialises its commands, so each one saved counts in a cold converge).
        var containers = service.Status?.Network is null ? null : await OwnContainersAsync(ns, name, cancellationToken).ConfigureAwait(false);
        NetworkInfo network;
        try
        {
            if (RecordedNetwork(service, containers?.FirstOrDefault(c => c.Name == containerName && c.Label(HomelabLabels.Uid) == uid), labels) is { } recorded)
            {
                network = recorded;
            }
            else
            {
                (network, var networkIsNew) = await EnsureNetworkAsync(service, labels, cancellationToken).ConfigureAwait(false);
                if (networkIsNew)
                {
                    // A network that did not exist has no containers (podman removes them with it).
                    containers = [];
                }
            }
            await EnsureExtraNetworksAsync(service, labels, cancellationToken).ConfigureAwait(false);
            await EnsureVolumesAsync(service, labels, cancellationToken).ConfigureAwait(false);
        }
        catch (PodmanException e)
        {
            return await FailAsync(service, null, ServiceReasons.NetworkFailed, e.PodmanError, cancellationToken).ConfigureAwait(false);
        }
        containers ??= await OwnContainersAsync(ns, name, cancellationToken).ConfigureAwait(false);
        var configDir = await WriteConfigFilesAsync(service, uid, cancellationToken).ConfigureAwait(false);

        var current = containers.FirstOrDefault(c => c.Name == containerName);
        // Leftovers: a replacement interrupted half-way, or a container of an earlier Service of the same name.
        foreach (var stale in containers.Where(c => c != current))
        {
            logger.LogInformation("Removing stale container {Container} of Service {Namespace}/{Name}", stale.Name, ns, name);
            await runtime.RemoveContainerAsync(stale.Id, cancellationToken).ConfigureAwait(false);
        }
        if (current is not null && current.Label(HomelabLabels.Uid) != uid)
        {
            await runtime.RemoveContainerAsync(current.Id, cancellationToken).ConfigureAwait(false);
            current = null;
        }

        // The Secrets it mounts are part of what makes a container current: a changed value replaces it.
        var secretFiles = SecretFileSet.Resolve(service, secretName => client.Get<Secret>(ns, secretName), out var missingSecret);
        if (missingSecret is not null)
        {
            return await FailAsync(service, current, ServiceReasons.SecretNotFound, missingSecret, cancellationToken).ConfigureAwait(false);
        }
        var secretsHash = secretFiles.IsEmpty ? null : secretFiles.Hash(secrets.HashKey());

        if (current is not null && IsCurrent(service.Spec, current, secretsHash))
        {
            // No replacement is under way (stale containers are gone): versions of the files no container uses can go.
            secrets.Prune(uid, current.Label(HomelabLabels.SecretsHash));
            return await KeepAsync(service, current, network, cancellationToken).ConfigureAwait(false);
        }

        ImageInfo image;
        string pinned;
        try
        {
            image = await ResolveImageAsync(service, current, cancellationToken).ConfigureAwait(false);
            // Run by digest: what status reports is then exactly what runs, even if the tag moves meanwhile.
            pinned = $"{ImageReference.Parse(service.Spec.Image).Name}@{image.Digest}";
        }
        catch (PodmanException e)
        {
            var reason = e.IsImageRejected ? ServiceReasons.ImageRejected : ServiceReasons.ImagePullFailed;
            return await FailAsync(service, current, reason, e.PodmanError, cancellationToken).ConfigureAwait(false);
        }

        string? secretDir = null;
        if (secretsHash is not null)
        {
            try
            {
                secretDir = secrets.Write(uid, secretsHash, secretFiles);
            }
            catch (IOException e)
            {
                return await FailAsync(service, current, ServiceReasons.CreateFailed, $"could not write the Secret files: {e.Message}", cancellationToken).ConfigureAwait(false);
            }
        }
        var hash = SpecHash.Compute(service.Spec, image.Digest, secretsHash);
        var containerLabels = new Dictionary<string, string>(labels, StringComparer.Ordinal)
        {
            [HomelabLabels.SpecHash] = hash,
            [HomelabLabels.ImageDigest] = image.Digest,
            [HomelabLabels.Image] = service.Spec.Image,
        };
        if (secretsHash is not null)
        {
            containerLabels[HomelabLabels.SecretsHash] = secretsHash;
        }
        var definition = new ContainerDefinition(containerName, ns, name, pinned, network.Name, service.Spec, containerLabels)
        {
            ConfigDir = configDir,
            SecretDir = secretDir,
            Address = ContainerAddress.For(network),
            UserNamespacesAvailable = PodmanHost.HasSubordinateIds(_options.SubUidFile),
        };
        return current is null
            ? await CreateAsync(service, definition, network, cancellationToken).ConfigureAwait(false)
            : await ReplaceAsync(service, current, definition, network, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// This Service's containers: the one under its name and a replacement under the temporary name, if they carry this
    /// daemon's labels for it. A container of another owner that took the name is not ours to touch (creating ours then
    /// fails with podman's own words).
    /// </summary>
    private async Task<IReadOnlyList<ContainerInfo>> OwnContainersAsync(string ns, string name, CancellationToken cancellationToken)
    {
        var found = await runtime.InspectContainersAsync([PodmanNames.Container(ns, name), PodmanNames.ReplacementContainer(ns, name)], cancellationToken).ConfigureAwait(false);
        return found.Where(c => c.Label(HomelabLabels.ManagedBy) == _options.ManagedBy && c.Label(HomelabLabels.Namespace) == ns && c.Label(HomelabLabels.Name) == name).ToList();
    }

    /// <summary>
    /// The Service's network as status recorded it, when this Service's container proves it: attached to that network at
    /// the address Homelab derives from the recorded subnet. Saves a network inspect per reconcile; anything else (no
    /// container, a status edited by hand, an older network) is inspected.
    /// </summary>
    private static NetworkInfo? RecordedNetwork(Service service, ContainerInfo? container, IReadOnlyDictionary<string, string> labels)
    {
        var name = PodmanNames.Network(service.Namespace, service.Name);
        if (container is null || service.Status is not { Subnet: { } subnet, Gateway: { } gateway } status || status.Network != name)
        {
            return null;
        }
        var network = new NetworkInfo(name, "bridge", PodmanNames.Bridge(service.Namespace, service.Name), subnet, gateway, labels);
        return ContainerAddress.For(network) is { } address && container.Addresses.GetValueOrDefault(name) == address.Ip ? network : null;
    }

    public async Task<ReconcileResult> FinalizeAsync(Service service, CancellationToken cancellationToken)
    {
        var ns = service.Namespace;
        var name = service.Name;
        foreach (var container in await runtime.ListContainersAsync(HomelabLabels.Selector(ns, name, _options.ManagedBy), cancellationToken).ConfigureAwait(false))
        {
            await runtime.RemoveContainerAsync(container.Id, cancellationToken).ConfigureAwait(false);
        }
        foreach (var network in await runtime.ListNetworksAsync(HomelabLabels.Selector(ns, name, _options.ManagedBy), cancellationToken).ConfigureAwait(false))
        {
            await runtime.RemoveNetworkAsync(network.Name, cancellationToken).ConfigureAwait(false);
        }
        if (service.Metadata.Uid is { } uid)
        {
            ConfigFileWriter.Delete(ConfigFileWriter.DirectoryFor(_options.DataDir, uid));
            secrets.Prune(uid, keep: null);
            backoff.Forget(uid);
        }
        // Data outlives the Service unless the user asked in so many words.
        if (service.Metadata.Annotations?.GetValueOrDefault(ServiceAnnotations.PurgeVolumes) == "true")
        {
            foreach (var volume in await runtime.ListVolumesAsync(HomelabLabels.Selector(ns, name, _options.ManagedBy), cancellationToken).ConfigureAwait(false))
            {
                await runtime.RemoveVolumeAsync(volume.Name, cancellationToken).ConfigureAwait(false);
            }
        }
        logger.LogInformation("Removed the container and network of Service {Namespace}/{Name}", ns, name);
        return ReconcileResult.Success;
    }

    /// <summary>
    /// The image to run. While the spec names the same image, the digest already running (or, with the container gone, the
    /// one status recorded for this very generation) is kept: a tag that moved in the registry is the update controller's
    /// or the user's decision, never a side effect of a restart or of an unrelated spec change.
    /// </summary>
    private async Task<ImageInfo> ResolveImageAsync(Service service, ContainerInfo? current, CancellationToken cancellationToken)
    {
        var image = ImageReference.Parse(service.Spec.Image);
        if (KeptDigest(service, image, current) is { } digest)
        {
            var reference = image.WithDigest(digest).ToString();
            try
            {
                return await verifier.PullAsync(service.Namespace, reference, cancellationToken).ConfigureAwait(false);
            }
            catch (PodmanException e) when (!e.IsImageRejected)
            {
                var message = $"the running digest {reference} is no longer available ({e.PodmanError}); using what {service.Spec.Image} names now";
                logger.LogWarning("Service {Namespace}/{Name}: {Message}", service.Namespace, service.Name, message);
                client.RecordEvent(service, EventTypes.Warning, ServiceReasons.PinnedImageUnavailable, message);
            }
        }
        return await verifier.PullAsync(service.Namespace, service.Spec.Image, cancellationToken).ConfigureAwait(false);
    }

    private static string? KeptDigest(Service service, ImageReference image, ContainerInfo? current)
    {
        if (image.Digest is not null)
        {
            return null;
        }
        if (current is not null)
        {
            return current.Label(HomelabLabels.Image) == service.Spec.Image ? current.Label(HomelabLabels.ImageDigest) : null;
        }
        // Status is written from podman's report, but it is still user-writable input: only a well-formed digest is kept.
        return service.Status is { ImageDigest: { } digest } status && status.ObservedGeneration == service.Generation
            && ImageReference.TryParse($"{image.Name}@{digest}", out _) ? digest : null;
    }

    /// <summary>A container is current when its labels prove it was made from this spec, the digest it runs and these Secret files.</summary>
    private static bool IsCurrent(ServiceSpec spec, ContainerInfo container, string? secretsHash) =>
        container.Label(HomelabLabels.ImageDigest) is { Length: > 0 } digest
        && container.Label(HomelabLabels.SpecHash) == SpecHash.Compute(spec, digest, secretsHash);

    private async Task<ReconcileResult> KeepAsync(Service service, ContainerInfo current, NetworkInfo network, CancellationToken cancellationToken)
    {
        var restarted = false;
        if (!current.IsRunning && ShouldRestart(service.Spec, current))
        {
            var now = time.GetUtcNow();
            var (delay, notBefore) = backoff.Next(service.Metadata.Uid!, current, now);
            if (notBefore > now)
            {
                return await BackOffAsync(service, current, network, delay, notBefore - now, cancellationToken).ConfigureAwait(false);
            }
            logger.LogInformation("Starting stopped container {Container} (exit code {ExitCode})", current.Name, current.ExitCode);
            try
            {
                await runtime.StartContainerAsync(current.Id, cancellationToken).ConfigureAwait(false);
            }
            catch (PodmanException e)
            {
                return await FailAsync(service, current, ServiceReasons.StartFailed, e.PodmanError, cancellationToken).ConfigureAwait(false);
            }
            restarted = true;
            client.RecordEvent(service, EventTypes.Normal, ServiceReasons.Started, $"started stopped container {current.Name} (exit code {current.ExitCode})");
            current = await runtime.InspectContainerAsync(current.Id, cancellationToken).ConfigureAwait(false) ?? current;
        }
        else if (current.IsRunning && service.Spec.HealthCheck is { Command.Count: > 0 })
        {
            await runtime.RunHealthCheckAsync(current.Id, cancellationToken).ConfigureAwait(false);
            current = await runtime.InspectContainerAsync(current.Id, cancellationToken).ConfigureAwait(false) ?? current;
        }
        await WriteStatusAsync(service, current, network, cancellationToken, restarted).ConfigureAwait(false);
        return NextCheck(service.Spec, current);
    }

    /// <summary>A container that keeps crashing waits before its next start, visibly, as kubectl users know it.</summary>
    private async Task<ReconcileResult> BackOffAsync(Service service, ContainerInfo current, NetworkInfo network, TimeSpan delay, TimeSpan remaining, CancellationToken cancellationToken)
    {
        var message = $"back-off {new Duration(delay)} restarting failed container {current.Name} (exit code {current.ExitCode})";
        client.RecordEvent(service, EventTypes.Warning, ServiceReasons.BackOff, message);
        await WriteStatusAsync(service, current, network, cancellationToken, restarted: false, (ServiceReasons.CrashLoopBackOff, message)).ConfigureAwait(false);
        return ReconcileResult.Requeue(remaining);
    }

    private async Task<ReconcileResult> CreateAsync(Service service, ContainerDefinition definition, NetworkInfo network, CancellationToken cancellationToken)
    {
        string id;
        try
        {
            // One podman process instead of create + start: podman serialises its commands, so each one saved counts.
            id = await runtime.RunContainerAsync(definition, cancellationToken).ConfigureAwait(false);
        }
        catch (PodmanException e)
        {
            // A container left behind was created but could not start (a port in use, a missing device): remove it.
            var reason = ServiceReasons.CreateFailed;
            if (await runtime.InspectContainerAsync(definition.Name, cancellationToken).ConfigureAwait(false) is not null)
            {
                reason = ServiceReasons.StartFailed;
                await runtime.RemoveContainerAsync(definition.Name, CancellationToken.None).ConfigureAwait(false);
            }
            return await FailAsync(service, null, reason, e.PodmanError, cancellationToken).ConfigureAwait(false);
        }
        // `podman run --detach` returns once the process has started, and the address is the one Homelab chose: no need
        // to ask podman again. There is nothing to roll back to, so no probe delay either: an early exit comes back as a
        // podman event (ServiceContainerEvents), and the restart policy applies.
        var started = definition.Address is { } address
            ? (Container: Started(id, definition, network.Name, address), Error: null)
            : await ProbeAsync(definition.Name, delay: false, cancellationToken).ConfigureAwait(false);
        if (started.Error is not null)
        {
            await runtime.RemoveContainerAsync(definition.Name, CancellationToken.None).ConfigureAwait(false);
            return await FailAsync(service, null, ServiceReasons.StartFailed, started.Error, cancellationToken).ConfigureAwait(false);
        }
        client.RecordEvent(service, EventTypes.Normal, ServiceReasons.Created, $"created container {definition.Name} from {definition.PinnedImage}");
        secrets.Prune(service.Metadata.Uid!, definition.Labels.GetValueOrDefault(HomelabLabels.SecretsHash));
        await WriteStatusAsync(service, started.Container!, network, cancellationToken).ConfigureAwait(false);
        return NextCheck(service.Spec, started.Container!);
    }

    private static ContainerInfo Started(string id, ContainerDefinition definition, string network, ContainerAddress address) =>
        new(id, definition.Name, ContainerStates.Running, definition.Labels)
        {
            Health = definition.Spec.HealthCheck is { Command.Count: > 0 } ? HealthStates.Starting : "",
            ImageDigest = definition.Labels[HomelabLabels.ImageDigest],
            Addresses = new Dictionary<string, string>(StringComparer.Ordinal) { [network] = address.Ip },
            MacAddresses = new Dictionary<string, string>(StringComparer.Ordinal) { [network] = address.Mac },
        };

    /// <summary>
    /// New container first, under a temporary name; the old one stops only when the new one exists, and comes back if
    /// the new one does not stay up. Both cannot run at once: they may publish the same host port. Status says what runs
    /// as soon as the new container has started, as Kubernetes marks a pod Ready before minReadySeconds pass: the
    /// start probe that follows is the safety net, not part of the change a user waits for. Until it passes, the old
    /// container is kept (stopped) to come back to.
    /// </summary>
    private async Task<ReconcileResult> ReplaceAsync(Service service, ContainerInfo old, ContainerDefinition definition, NetworkInfo network, CancellationToken cancellationToken)
    {
        var finalName = definition.Name;
        var next = definition with { Name = PodmanNames.ReplacementContainer(service.Namespace, service.Name) };
        string id;
        try
        {
            id = await runtime.CreateContainerAsync(next, cancellationToken).ConfigureAwait(false);
        }
        catch (PodmanException e)
        {
            return await FailAsync(service, old, ServiceReasons.CreateFailed, e.PodmanError, cancellationToken).ConfigureAwait(false);
        }
        var wasRunning = old.IsRunning;
        if (wasRunning)
        {
            // No timeout given: the old container keeps the grace period it was created with.
            await runtime.StopContainerAsync(old.Id, timeout: null, cancellationToken).ConfigureAwait(false);
        }
        (ContainerInfo? Container, string? Error) started;
        try
        {
            await runtime.StartContainerAsync(next.Name, cancellationToken).ConfigureAwait(false);
            if (definition.Address is { } address)
            {
                await WriteStatusAsync(service, Started(id, next, network.Name, address), network, cancellationToken).ConfigureAwait(false);
            }
            started = await ProbeAsync(next.Name, delay: true, cancellationToken).ConfigureAwait(false);
        }
        catch (PodmanException e)
        {
            started = (null, e.PodmanError);
        }
        if (started.Error is not null)
        {
            // Rollback must finish even when the reconcile is being cancelled: the old container is what serves users.
            await runtime.RemoveContainerAsync(next.Name, CancellationToken.None).ConfigureAwait(false);
            if (wasRunning)
            {
                await runtime.StartContainerAsync(old.Id, CancellationToken.None).ConfigureAwait(false);
            }
            var restored = await runtime.InspectContainerAsync(old.Id, cancellationToken).ConfigureAwait(false);
            return await FailAsync(service, restored, ServiceReasons.StartFailed, started.Error, cancellationToken).ConfigureAwait(false);
        }
        await runtime.RemoveContainerAsync(old.Id, CancellationToken.None).ConfigureAwait(false);
        await runtime.RenameContainerAsync(next.Name, finalName, CancellationToken.None).ConfigureAwait(false);
        // The old container, and with it any way back to the files it mounted, is gone.
        secrets.Prune(service.Metadata.Uid!, definition.Labels.GetValueOrDefault(HomelabLabels.SecretsHash));
        // The probe's inspect already saw everything status needs; only the name changed since.
        var replaced = started.Container! with { Name = finalName };
        client.RecordEvent(service, EventTypes.Normal, ServiceReasons.Replaced, $"replaced container {old.Id[..Math.Min(12, old.Id.Length)]} with one from {definition.PinnedImage}");
        logger.LogInformation("Replaced container {Container} of Service {Namespace}/{Name}", finalName, service.Namespace, service.Name);
        await WriteStatusAsync(service, replaced, network, cancellationToken).ConfigureAwait(false);
        return NextCheck(service.Spec, replaced);
    }

    /// <summary>Whether a container just started is up: running, and not already restarted by podman's restart policy.</summary>
    private async Task<(ContainerInfo? Container, string? Error)> ProbeAsync(string name, bool delay, CancellationToken cancellationToken)
    {
        if (delay && _options.StartupProbeDelay > TimeSpan.Zero)
        {
            // Real time on purpose: this waits for a process in the real world, not for logical time.
            await Task.Delay(_options.StartupProbeDelay, cancellationToken).ConfigureAwait(false);
        }
        var container = await runtime.InspectContainerAsync(name, cancellationToken).ConfigureAwait(false);
        if (container is null)
        {
            return (null, $"container {name} disappeared right after it started");
        }
        if (!container.IsRunning)
        {
            return (container, container.Error ?? $"container exited right after it started (exit code {container.ExitCode})");
        }
        // Under a restart policy a crashing process is back up before anyone looks: a fresh container that has already
        // been restarted did not start, whatever its state says now.
        return container.RestartCount > 0
            ? (container, $"container crashed and was restarted {container.RestartCount} time(s) right after it started (last exit code {container.ExitCode})")
            : (container, null);
    }

    private static bool ShouldRestart(ServiceSpec spec, ContainerInfo container) => spec.RestartPolicy switch
    {
        RestartPolicies.Never => false,
        RestartPolicies.OnFailure => container.ExitCode != 0 || container.State == ContainerStates.Created,
        _ => true,
    };

    /// <summary>Health checks have no systemd timer here, so the controller comes back at the check's interval to run one.</summary>
    private static ReconcileResult NextCheck(ServiceSpec spec, ContainerInfo container)
    {
        if (spec.HealthCheck is { Command.Count: > 0 } health && container.IsRunning)
        {
            return ReconcileResult.Requeue(Duration.TryParse(health.Interval, out var interval) && interval.Value > TimeSpan.Zero
                ? interval.Value
                : TimeSpan.FromSeconds(30));
        }
        return ReconcileResult.Success;
    }

    private async Task<ReconcileResult> FailAsync(Service service, ContainerInfo? serving, string reason, string message, CancellationToken cancellationToken)
    {
        logger.LogWarning("Service {Namespace}/{Name}: {Reason}: {Message}", service.Namespace, service.Name, reason, message);
        client.RecordEvent(service, EventTypes.Warning, reason, message);
        var status = CloneStatus(service);
        if (serving is not null)
        {
            Observe(status, serving);
        }
        var now = time.GetUtcNow();
        status.SetCondition(ConditionTypes.Ready, ConditionStatus.False, reason, message, service.Generation, now);
        status.SetCondition(ConditionTypes.Progressing, ConditionStatus.True, reason, "the spec could not be applied yet", service.Generation, now);
        await SaveStatusAsync(service, status, cancellationToken).ConfigureAwait(false);
        return ReconcileResult.Failure(reason, message);
    }

    private async Task WriteStatusAsync(
        Service service,
        ContainerInfo container,
        NetworkInfo network,
        CancellationToken cancellationToken,
        bool restarted = false,
        (string Reason, string Message)? notReady = null)
    {
        var status = CloneStatus(service);
        Observe(status, container);
        if (restarted)
        {
            status.RestartCount = (status.RestartCount ?? 0) + 1;
        }
        status.Network = network.Name;
        status.Interface = network.BridgeName;
        status.Ip = container.Addresses.GetValueOrDefault(network.Name);
        status.Mac = container.MacAddresses.GetValueOrDefault(network.Name);
        status.Subnet = network.Subnet;
        status.Gateway = network.Gateway;
        status.ObservedGeneration = service.Generation;
        var now = time.GetUtcNow();
        var (ready, reason, message) = notReady is { } why ? (ConditionStatus.False, why.Reason, why.Message) : Readiness(service.Spec, container);
        status.SetCondition(ConditionTypes.Ready, ready, reason, message, service.Generation, now);
        status.SetCondition(ConditionTypes.Progressing, ConditionStatus.False, ServiceReasons.UpToDate, "", service.Generation, now);
        await SaveStatusAsync(service, status, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Restarts are counted by the controller (podman counts only those of its own restart policy, which containers made
    /// before Homelab applied the policy itself still have): the count carries over while the container is the same.
    /// The digest reported is the one the container was pinned to (the spec's, when the spec names one), not podman's
    /// ImageDigest: an image has several digests (a manifest list's and its platform manifest's; an image built here
    /// keeps its local manifest digest after a push that recompressed it), podman reports only one of them, and an
    /// update judged by that one never saw the digest it wrote into the spec — a healthy update was rolled back.
    /// </summary>
    private static void Observe(ServiceStatus status, ContainerInfo container)
    {
        status.RestartCount = status.ContainerID == container.Id
            ? Math.Max(status.RestartCount ?? 0, container.RestartCount)
            : container.RestartCount;
        status.ContainerID = container.Id;
        status.ImageDigest = container.Label(HomelabLabels.ImageDigest) ?? container.ImageDigest;
    }

    private static (string Status, string Reason, string Message) Readiness(ServiceSpec spec, ContainerInfo container)
    {
        if (!container.IsRunning)
        {
            return (ConditionStatus.False, ServiceReasons.Exited, $"container is {container.State} (exit code {container.ExitCode})");
        }
        if (spec.HealthCheck is not { Command.Count: > 0 })
        {
            return (ConditionStatus.True, ServiceReasons.Running, "");
        }
        return container.Health switch
        {
            HealthStates.Healthy => (ConditionStatus.True, ServiceReasons.Running, ""),
            HealthStates.Unhealthy => (ConditionStatus.False, ServiceReasons.Unhealthy, "the health check fails"),
            _ => (ConditionStatus.False, ServiceReasons.HealthCheckPending, "waiting for the first passing health check"),
        };
    }

    private static ServiceStatus CloneStatus(Service service) =>
        service.Status is null
            ? new ServiceStatus()
            : System.Text.Json.JsonSerializer.Deserialize(
                Api.Serialization.HomelabJson.Serialize(service.Status), Api.Serialization.HomelabJson.TypeInfo<ServiceStatus>())!;

    /// <summary>Writes only a status that differs from the stored one, so a steady Service causes no store writes.</summary>
    private async Task SaveStatusAsync(Service service, ServiceStatus status, CancellationToken cancellationToken)
    {
        var before = Api.Serialization.HomelabJson.Serialize(service.Status);
        if (before == Api.Serialization.HomelabJson.Serialize(status))
        {
            return;
        }
        service.Status = status;
        await client.UpdateStatusAsync(service, cancellationToken).ConfigureAwait(false);
    }

    private async Task<(NetworkInfo Network, bool Created)> EnsureNetworkAsync(Service service, IReadOnlyDictionary<string, string> labels, CancellationToken cancellationToken)
    {
        var (ns, name) = (service.Namespace, service.Name);
        var networkName = PodmanNames.Network(ns, name);
        var request = new NetworkCreateRequest(networkName, labels) { BridgeName = PodmanNames.Bridge(ns, name) };
        if (service.Status?.Network is null)
        {
            // A Service that never had a network almost never has one: create it at once (podman serialises its
            // commands, so each one saved counts in a cold converge), and look only when podman says it exists.
            try
            {
                return (await runtime.CreateNetworkAsync(request, cancellationToken).ConfigureAwait(false), true);
            }
            catch (PodmanException e) when (e.IsAlreadyExists)
            {
                logger.LogDebug("Network {Network} of new Service {Namespace}/{Name} exists already", networkName, ns, name);
            }
        }
        var existing = await runtime.InspectNetworkAsync(networkName, cancellationToken).ConfigureAwait(false);
        if (existing is not null && existing.Label(HomelabLabels.Uid) == labels[HomelabLabels.Uid])
        {
            return (existing, false);
        }
        if (existing is not null)
        {
            if (existing.Label(HomelabLabels.ManagedBy) != _options.ManagedBy || existing.Label(HomelabLabels.Uid) is null)
            {
                throw new PodmanException($"network {networkName} exists but was not made by Homelab for this Service; remove or rename it");
            }
            // An earlier Service of the same name: the orphan pruner removes that network, and with it any container
            // started on it meanwhile, so this Service must not adopt it. Podman removes the old containers with it.
            logger.LogInformation("Replacing network {Network} of an earlier Service {Namespace}/{Name}", networkName, ns, name);
            await runtime.RemoveNetworkAsync(existing.IdOrName, cancellationToken).ConfigureAwait(false);
        }
        return (await runtime.CreateNetworkAsync(request, cancellationToken).ConfigureAwait(false), true);
    }

    private async Task EnsureExtraNetworksAsync(Service service, IReadOnlyDictionary<string, string> labels, CancellationToken cancellationToken)
    {
        foreach (var extra in service.Spec.ExtraNetworks ?? [])
        {
            var networkName = PodmanNames.ExtraNetwork(service.Namespace, service.Name, extra.Name);
            if (await runtime.InspectNetworkAsync(networkName, cancellationToken).ConfigureAwait(false) is null)
            {
                await runtime.CreateNetworkAsync(
                    new NetworkCreateRequest(networkName, labels) { Driver = extra.Driver, Parent = extra.Parent, Subnet = extra.Subnet, Gateway = extra.Gateway },
                    cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task EnsureVolumesAsync(Service service, IReadOnlyDictionary<string, string> labels, CancellationToken cancellationToken)
    {
        var named = (service.Spec.Volumes ?? []).Where(v => !string.IsNullOrEmpty(v.Name) && string.IsNullOrEmpty(v.HostPath)).ToList();
        if (named.Count == 0)
        {
            return;
        }
        var existing = (await runtime.ListVolumesAsync(HomelabLabels.Selector(service.Namespace, service.Name, _options.ManagedBy), cancellationToken).ConfigureAwait(false))
            .Select(v => v.Name)
            .ToHashSet(StringComparer.Ordinal);
        foreach (var volume in named)
        {
            var volumeName = PodmanNames.Volume(service.Namespace, service.Name, volume.Name!);
            if (!existing.Contains(volumeName))
            {
                await runtime.CreateVolumeAsync(volumeName, labels, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<string?> WriteConfigFilesAsync(Service service, string uid, CancellationToken cancellationToken)
    {
        var files = service.Spec.ConfigFiles ?? [];
        if (files.Count == 0)
        {
            return null;
        }
        var directory = ConfigFileWriter.DirectoryFor(_options.DataDir, uid);
        await ConfigFileWriter.WriteAsync(directory, files, cancellationToken).ConfigureAwait(false);
        return directory;
    }
}
