using Homelab.Api.Meta;
using Homelab.Api.Resources;
using Homelab.Api.Values;
using Homelab.Operator;
using Homelab.Podman;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Homelab.Controllers.Services;

/// <summary>
/// Service → one container on its own bridge network, as observe → plan → act → report. Observation is what podman and
/// the host say runs (<see cref="ServiceProvisioner"/>, the runtime's liveness, the health check); the plan is pure
/// (<see cref="ServicePlan"/>); a rollout puts a new spec in place (<see cref="ServiceRollout"/>); status is written only
/// when it changed (<see cref="ServiceStatusReport"/>). Failures are returned, and the framework reports them once.
/// </summary>
internal sealed partial class ServiceController(
    IContainerRuntime runtime,
    IResourceClient client,
    ServiceProvisioner provisioner,
    ServiceImageResolver images,
    ServiceRollout rollout,
    ServiceStatusReport report,
    RestartBackoff backoff,
    RunningSince runningSince,
    ServiceRepair repair,
    SecretFileStore secrets,
    IOptions<PodmanOptions> options,
    TimeProvider time,
    ILogger<ServiceController> logger) : IController<Service>
{
    private readonly PodmanOptions _options = options.Value;

    public async Task<ReconcileResult> ReconcileAsync(Service service, CancellationToken cancellationToken)
    {
        var uid = service.Metadata.Uid ?? throw new InvalidOperationException($"Service {service.Namespace}/{service.Name} has no uid");
        var labels = HomelabLabels.For(service.Namespace, service.Name, uid, _options.ManagedBy);

        // Observe.
        ServiceGround ground;
        try
        {
            ground = await provisioner.EnsureAsync(service, labels, cancellationToken).ConfigureAwait(false);
        }
        catch (PodmanException e)
        {
            return await FailAsync(service, null, ServiceReasons.NetworkFailed, e.PodmanError, cancellationToken).ConfigureAwait(false);
        }
        var current = await provisioner.RemoveLeftoversAsync(service, ground.Containers, cancellationToken).ConfigureAwait(false);
        // The Secrets it mounts are part of what makes a container current: a changed value replaces it.
        var secretFiles = SecretFileSet.Resolve(service, secretName => client.Get<Secret>(service.Namespace, secretName), out var missingSecret);
        if (missingSecret is not null)
        {
            return await FailAsync(service, current, ServiceReasons.SecretNotFound, missingSecret, cancellationToken).ConfigureAwait(false);
        }
        var secretsHash = secretFiles.IsEmpty ? null : secretFiles.Hash(secrets.HashKey());
        var isCurrent = current is not null && IsCurrent(service.Spec, current, secretsHash);
        var alive = current is not { IsRunning: true } || await runtime.IsAliveAsync(current, cancellationToken).ConfigureAwait(false);
        if (isCurrent && alive && current!.IsRunning && service.Spec.HealthCheck is { Command.Count: > 0 })
        {
            // No systemd timer runs podman's checks here: homelabd runs them, once per reconcile at the check's period.
            await runtime.RunHealthCheckAsync(current.Id, cancellationToken).ConfigureAwait(false);
            current = await runtime.InspectContainerAsync(current.Id, cancellationToken).ConfigureAwait(false) ?? current;
        }

        // Plan, act, report.
        var decision = Plan(service, current, isCurrent, alive);
        if (decision.Step == ServiceStep.Kill)
        {
            current = await KillAsync(service, current!, cancellationToken).ConfigureAwait(false);
            decision = Plan(service, current, isCurrent, alive: true);
        }
        switch (decision.Step)
        {
            case ServiceStep.Keep:
                // No replacement is under way (stale containers are gone): versions of the files no container uses can go.
                secrets.Prune(uid, current!.Label(HomelabLabels.SecretsHash));
                repair.Forget(uid);
                return NextCheck(service.Spec, current, await report.CurrentAsync(service, current, ground.Network, null, null, cancellationToken).ConfigureAwait(false));
            case ServiceStep.Hold:
                // Status already says why (Ready=False, Progressing=False RolledBack) and what serves (Available).
                return ReconcileResult.Success;
            case ServiceStep.BackOff:
                return await BackOffAsync(service, current!, ground.Network, decision.Wait, cancellationToken).ConfigureAwait(false);
            case ServiceStep.Start:
                return await StartAsync(service, current!, ground.Network, cancellationToken).ConfigureAwait(false);
            case ServiceStep.Recreate:
                await RemoveLostAsync(service, current!).ConfigureAwait(false);
                return await RollOutAsync(service, null, ground, secretFiles, secretsHash, restarted: TerminationReasons.RuntimeLost, cancellationToken).ConfigureAwait(false);
            default:
                return await RollOutAsync(service, current, ground, secretFiles, secretsHash, restarted: null, cancellationToken).ConfigureAwait(false);
        }
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
            runningSince.Forget(uid);
            repair.Forget(uid);
        }
        // Data outlives the Service unless the user asked in so many words.
        if (service.Metadata.Annotations?.GetValueOrDefault(ServiceAnnotations.PurgeVolumes) == "true")
        {
            foreach (var volume in await runtime.ListVolumesAsync(HomelabLabels.Selector(ns, name, _options.ManagedBy), cancellationToken).ConfigureAwait(false))
            {
                await runtime.RemoveVolumeAsync(volume.Name, cancellationToken).ConfigureAwait(false);
            }
        }
        LogRemoved(logger, ns, name);
        return ReconcileResult.Success;
    }

    private ServiceDecision Plan(Service service, ContainerInfo? current, bool isCurrent, bool alive)
    {
        var now = time.GetUtcNow();
        // The back-off remembers each exit it is shown, so it is asked only about a stopped current container.
        DateTimeOffset? notBefore = current is { IsRunning: false } && isCurrent ? backoff.Next(service.Metadata.Uid!, current, now).NotBefore : null;
        var rolledBack = service.Status?.GetCondition(ConditionTypes.Progressing) is { Reason: ServiceReasons.RolledBack } progressing
            && progressing.ObservedGeneration == service.Generation;
        return ServicePlan.Decide(service.Spec, current, isCurrent, alive, notBefore, now, rolledBack);
    }

    /// <summary>A container is current when its labels prove it was made from this spec, the digest it runs and these Secret files.</summary>
    private static bool IsCurrent(ServiceSpec spec, ContainerInfo container, string? secretsHash) =>
        container.Label(HomelabLabels.ImageDigest) is { Length: > 0 } digest
        && container.Label(HomelabLabels.SpecHash) == SpecHash.Compute(spec, digest, secretsHash);

    /// <summary>Liveness: the health check failed failureThreshold times in a row, so the container is stopped, to be restarted through the back-off.</summary>
    private async Task<ContainerInfo> KillAsync(Service service, ContainerInfo current, CancellationToken cancellationToken)
    {
        var threshold = HealthCheckTiming.Of(service.Spec.HealthCheck!).FailureThreshold;
        client.RecordEvent(service, EventTypes.Warning, ServiceReasons.Unhealthy, $"Liveness: the health check failed {threshold} time(s) in a row");
        client.RecordEvent(service, EventTypes.Normal, ServiceReasons.Killing, $"stopping container {current.Name}: it failed its health check and will be restarted");
        LogKilling(logger, service.Namespace, service.Name, threshold);
        await runtime.StopContainerAsync(current.Id, timeout: null, cancellationToken).ConfigureAwait(false);
        var stopped = await runtime.InspectContainerAsync(current.Id, cancellationToken).ConfigureAwait(false)
            ?? current with { State = ContainerStates.Exited };
        var at = stopped.FinishedAt ?? time.GetUtcNow();
        service.Status ??= new ServiceStatus();
        service.Status.LastTerminationReason = TerminationReasons.Liveness;
        service.Status.LastTerminationTime = at;
        return stopped with { FinishedAt = at };
    }

    /// <summary>Podman calls it running, but its conmon or process is dead: nothing podman does with it can help, so it goes.</summary>
    private async Task RemoveLostAsync(Service service, ContainerInfo lost)
    {
        client.RecordEvent(service, EventTypes.Warning, TerminationReasons.RuntimeLost,
            $"container {lost.Name} is gone (conmon {lost.ConmonPid} or process {lost.Pid} dead) though podman calls it running; recreating it (volumes are kept)");
        LogRuntimeLost(logger, service.Namespace, service.Name, lost.ConmonPid, lost.Pid);
        // Not cancellable: half a removal leaves podman's record of a dead container under the Service's name.
        await runtime.RemoveContainerAsync(lost.Id, CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>A new container from the spec: created where there is none, or replacing the current one.</summary>
    /// <param name="restarted">Set when the container is made again after it was lost (its restart is counted): the reason.</param>
    private async Task<ReconcileResult> RollOutAsync(Service service, ContainerInfo? current, ServiceGround ground, SecretFileSet secretFiles, string? secretsHash, string? restarted, CancellationToken cancellationToken)
    {
        var uid = service.Metadata.Uid!;
        string pinned;
        ImageInfo image;
        try
        {
            (image, pinned) = await images.ResolveAsync(service, current, cancellationToken).ConfigureAwait(false);
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
        var definition = Define(service, ground, image.Digest, pinned, secretsHash, secretDir);
        RolloutOutcome outcome;
        if (current is null)
        {
            outcome = await rollout.CreateAsync(service, definition, ground.Network.Name, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await report.RollingOutAsync(service, current, pinned, cancellationToken).ConfigureAwait(false);
            outcome = await rollout.ReplaceAsync(service, current, definition, cancellationToken).ConfigureAwait(false);
        }
        if (!outcome.Succeeded)
        {
            return await FailAsync(service, outcome.Serving, outcome.FailureReason!, outcome.FailureMessage!, cancellationToken, outcome.RolledBack).ConfigureAwait(false);
        }
        var now = time.GetUtcNow();
        // A replacement is promoted only after it passed readiness: it is Ready now, whatever the clocks say.
        ConditionValue? known = current is null ? null : new ConditionValue(ConditionStatus.True, ServiceReasons.Running, "");
        TimeSpan? recheck;
        try
        {
            recheck = await report.CurrentAsync(service, outcome.Serving!, ground.Network, status =>
            {
                if (restarted is null)
                {
                    // A new spec's container starts its own count, as a new pod's does.
                    status.RestartCount = 0;
                }
                else
                {
                    status.RestartCount = (status.RestartCount ?? 0) + 1;
                    status.LastTerminationReason = restarted;
                    status.LastTerminationTime = now;
                }
            }, known, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // After the report, which a user waits for, and whatever became of it: the new container is Ready and serves.
            if (outcome.Promotion is { } promotion)
            {
                await rollout.PromoteAsync(service, promotion).ConfigureAwait(false);
            }
        }
        return NextCheck(service.Spec, outcome.Serving!, recheck);
    }

    private ContainerDefinition Define(Service service, ServiceGround ground, string digest, string pinned, string? secretsHash, string? secretDir)
    {
        var labels = new Dictionary<string, string>(HomelabLabels.For(service.Namespace, service.Name, service.Metadata.Uid!, _options.ManagedBy), StringComparer.Ordinal)
        {
            [HomelabLabels.SpecHash] = SpecHash.Compute(service.Spec, digest, secretsHash),
            [HomelabLabels.ImageDigest] = digest,
            [HomelabLabels.Image] = service.Spec.Image,
        };
        if (secretsHash is not null)
        {
            labels[HomelabLabels.SecretsHash] = secretsHash;
        }
        return new ContainerDefinition(PodmanNames.Container(service.Namespace, service.Name), service.Namespace, service.Name, pinned, ground.Network.Name, service.Spec, labels)
        {
            ConfigDir = ground.ConfigDir,
            SecretDir = secretDir,
            Address = ContainerAddress.For(ground.Network),
            UserNamespacesAvailable = PodmanHost.HasSubordinateIds(_options.SubUidFile),
        };
    }

    /// <summary>A stopped container its restart policy wants back, after the back-off allowed it.</summary>
    private async Task<ReconcileResult> StartAsync(Service service, ContainerInfo current, NetworkInfo network, CancellationToken cancellationToken)
    {
        LogStarting(logger, current.Name, current.ExitCode);
        try
        {
            await runtime.StartContainerAsync(current.Id, cancellationToken).ConfigureAwait(false);
        }
        catch (PodmanException e)
        {
            return await FailAsync(service, current, ServiceReasons.StartFailed, e.PodmanError, cancellationToken).ConfigureAwait(false);
        }
        client.RecordEvent(service, EventTypes.Normal, ServiceReasons.Started, $"started stopped container {current.Name} (exit code {current.ExitCode})");
        var started = await runtime.InspectContainerAsync(current.Id, cancellationToken).ConfigureAwait(false) ?? current;
        var recheck = await report.CurrentAsync(service, started, network, status =>
        {
            status.RestartCount = (status.RestartCount ?? 0) + 1;
            // A stop homelabd made (liveness) was recorded with its own reason when it was made.
            if (status.LastTerminationTime != current.FinishedAt || status.LastTerminationReason is null)
            {
                status.LastTerminationReason = TerminationReasons.OfExit(current);
                status.LastTerminationTime = current.FinishedAt;
            }
        }, null, cancellationToken).ConfigureAwait(false);
        return NextCheck(service.Spec, started, recheck);
    }

    /// <summary>A container that keeps crashing waits before its next start, visibly, as kubectl users know it.</summary>
    private async Task<ReconcileResult> BackOffAsync(Service service, ContainerInfo current, NetworkInfo network, TimeSpan remaining, CancellationToken cancellationToken)
    {
        var (delay, _) = backoff.Next(service.Metadata.Uid!, current, time.GetUtcNow());
        var message = $"back-off {new Duration(delay)} restarting failed container {current.Name} (exit code {current.ExitCode})";
        client.RecordEvent(service, EventTypes.Warning, ServiceReasons.BackOff, message);
        await report.CurrentAsync(service, current, network, status =>
        {
            if (status.LastTerminationTime != current.FinishedAt || status.LastTerminationReason is null)
            {
                status.LastTerminationReason = TerminationReasons.OfExit(current);
                status.LastTerminationTime = current.FinishedAt;
            }
        }, new ConditionValue(ConditionStatus.False, ServiceReasons.CrashLoopBackOff, message), cancellationToken).ConfigureAwait(false);
        return ReconcileResult.Requeue(remaining);
    }

    /// <summary>
    /// Health checks have no systemd timer here, so the controller comes back at the check's period to run one; a
    /// container waiting out minReadySeconds is looked at again when they have passed.
    /// </summary>
    private static ReconcileResult NextCheck(ServiceSpec spec, ContainerInfo container, TimeSpan? recheck)
    {
        if (spec.HealthCheck is { Command.Count: > 0 } health && container.IsRunning)
        {
            return ReconcileResult.Requeue(HealthCheckTiming.Of(health).Period);
        }
        return recheck is { } after ? ReconcileResult.Requeue(after) : ReconcileResult.Success;
    }

    /// <summary>
    /// Status says what still serves; the framework writes Ready=False and the Warning event, once per failure. A repeated
    /// failure that rebuilding what the Service owns clears is repaired, and retried at once.
    /// </summary>
    private async Task<ReconcileResult> FailAsync(Service service, ContainerInfo? serving, string reason, string podmanMessage, CancellationToken cancellationToken, bool rolledBack = false)
    {
        var message = FailureAdvice.For(reason, podmanMessage);
        await report.FailedAsync(service, serving, reason, message, rolledBack, cancellationToken).ConfigureAwait(false);
        var repaired = await repair.TryAsync(service, serving, reason, message, cancellationToken).ConfigureAwait(false);
        return ReconcileResult.Failure(reason, message, repaired ? TimeSpan.Zero : null);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed the container and network of Service {Namespace}/{Name}")]
    private static partial void LogRemoved(ILogger logger, string @namespace, string name);

    [LoggerMessage(Level = LogLevel.Information, Message = "Starting stopped container {Container} (exit code {ExitCode})")]
    private static partial void LogStarting(ILogger logger, string container, int exitCode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Service {Namespace}/{Name}: the health check failed {Threshold} time(s) in a row; stopping the container to restart it")]
    private static partial void LogKilling(ILogger logger, string @namespace, string name, int threshold);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Service {Namespace}/{Name}: conmon {ConmonPid} or process {Pid} is dead though podman calls the container running; recreating it")]
    private static partial void LogRuntimeLost(ILogger logger, string @namespace, string name, int conmonPid, int pid);
}
