using Homelab.Api.Resources;
using Homelab.Operator;
using Homelab.Podman;
using Microsoft.Extensions.Logging;

namespace Homelab.Controllers.Services;

/// <summary>What a rollout left serving, and why it failed if it did.</summary>
/// <param name="Serving">The container that serves now: the new one, or the old one a failed rollout kept or restored.</param>
/// <param name="RolledBack">The new container started and failed its readiness, and the old one was put back.</param>
/// <param name="Promotion">A Ready replacement still under its temporary name, next to the stopped old container: <see cref="ServiceRollout.PromoteAsync"/> finishes it.</param>
internal sealed record RolloutOutcome(ContainerInfo? Serving, string? FailureReason = null, string? FailureMessage = null, bool RolledBack = false, Promotion? Promotion = null)
{
    public bool Succeeded => FailureReason is null;
}

/// <summary>The bookkeeping left once a replacement is Ready: the stopped old container goes and the new one takes the Service's name.</summary>
internal sealed record Promotion(ContainerInfo Old, string Next, ContainerDefinition Definition);

/// <summary>
/// Puts a new spec's container in place: creates it, waits for its readiness, and promotes it or rolls back. The two
/// commit steps (promote, roll back) run to the end whatever the reconcile's cancellation says: each is a short sequence
/// of podman calls that, stopped half-way, would leave the Service with no container serving.
/// </summary>
internal sealed partial class ServiceRollout(IContainerRuntime runtime, IResourceClient client, SecretFileStore secrets, ILogger<ServiceRollout> logger)
{
    /// <summary>A Service without a container: one `podman run` (create + start in one process; each podman call counts).</summary>
    public async Task<RolloutOutcome> CreateAsync(Service service, ContainerDefinition definition, string network, CancellationToken cancellationToken)
    {
        string id;
        try
        {
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
            return new RolloutOutcome(null, reason, e.PodmanError);
        }
        ContainerInfo? started;
        if (definition.Spec.HealthCheck is { Command.Count: > 0 })
        {
            // Readiness is the check passing: run it at once rather than after a first interval.
            await runtime.RunHealthCheckAsync(id, cancellationToken).ConfigureAwait(false);
            started = await runtime.InspectContainerAsync(id, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            // `podman run --detach` returns once the process has started, at the address Homelab chose: no need to ask
            // podman again. Readiness (minReadySeconds) is judged by later reconciles, which an early exit also wakes
            // (ServiceContainerEvents): with nothing to roll back to, nothing is gained by blocking a worker here.
            started = definition.Address is { } address
                ? Started(id, definition, network, address)
                : await runtime.InspectContainerAsync(id, cancellationToken).ConfigureAwait(false);
        }
        if (started is null)
        {
            return new RolloutOutcome(null, ServiceReasons.StartFailed, $"container {definition.Name} disappeared right after it started");
        }
        client.RecordEvent(service, EventTypes.Normal, ServiceReasons.Created, $"created container {definition.Name} from {definition.PinnedImage}");
        secrets.Prune(service.Metadata.Uid!, definition.Labels.GetValueOrDefault(HomelabLabels.SecretsHash));
        return new RolloutOutcome(started);
    }

    /// <summary>
    /// New container first, under a temporary name; the old one stops only when the new one exists, and comes back if
    /// the new one does not become Ready. Both cannot run at once: they may publish the same host port.
    /// </summary>
    public async Task<RolloutOutcome> ReplaceAsync(Service service, ContainerInfo old, ContainerDefinition definition, CancellationToken cancellationToken)
    {
        var next = definition with { Name = PodmanNames.ReplacementContainer(service.Namespace, service.Name) };
        try
        {
            await runtime.CreateContainerAsync(next, cancellationToken).ConfigureAwait(false);
        }
        catch (PodmanException e)
        {
            return new RolloutOutcome(old, ServiceReasons.CreateFailed, e.PodmanError);
        }
        var wasRunning = old.IsRunning;
        if (wasRunning)
        {
            // No timeout given: the old container keeps the grace period it was created with.
            await runtime.StopContainerAsync(old.Id, timeout: null, cancellationToken).ConfigureAwait(false);
        }
        (ContainerInfo? Container, string? Error) ready;
        try
        {
            await runtime.StartContainerAsync(next.Name, cancellationToken).ConfigureAwait(false);
            ready = await AwaitReadyAsync(next.Name, definition.Spec, cancellationToken).ConfigureAwait(false);
        }
        catch (PodmanException e)
        {
            // A process that exits at once can make `podman start` fail ("is not running"): say that it exited.
            var after = await runtime.InspectContainerAsync(next.Name, CancellationToken.None).ConfigureAwait(false);
            ready = after is { IsRunning: false } ? Judge(after with { Error = after.Error ?? e.PodmanError }, next.Name, TimeSpan.Zero) : (null, e.PodmanError);
        }
        if (ready.Error is not null)
        {
            var restored = await RollBackAsync(old, next.Name, wasRunning).ConfigureAwait(false);
            return new RolloutOutcome(restored, ServiceReasons.StartFailed, ready.Error, RolledBack: true);
        }
        // The new container serves from here on. The readiness inspect saw everything status needs (status names the
        // container by id); the name it takes at promotion is what the Service's container is called.
        return new RolloutOutcome(ready.Container! with { Name = definition.Name }, Promotion: new Promotion(old, next.Name, definition));
    }

    /// <summary>
    /// Commit step, once a replacement is Ready: the stopped old container goes and the new one takes the Service's name.
    /// The controller reports first: the old container no longer serves, so removing it changes nothing a user sees.
    /// </summary>
    public async Task PromoteAsync(Service service, Promotion promotion)
    {
        var (old, definition) = (promotion.Old, promotion.Definition);
        // Not cancellable: between these two calls the Service has no container under its own name.
        await runtime.RemoveContainerAsync(old.Id, CancellationToken.None).ConfigureAwait(false);
        await runtime.RenameContainerAsync(promotion.Next, definition.Name, CancellationToken.None).ConfigureAwait(false);
        // The old container, and with it any way back to the files it mounted, is gone.
        secrets.Prune(service.Metadata.Uid!, definition.Labels.GetValueOrDefault(HomelabLabels.SecretsHash));
        client.RecordEvent(service, EventTypes.Normal, ServiceReasons.Replaced, $"replaced container {old.Id[..Math.Min(12, old.Id.Length)]} with one from {definition.PinnedImage}");
        LogReplaced(logger, definition.Name, service.Namespace, service.Name);
    }

    /// <summary>Commit step: the new container failed, so it goes and the old one serves again, as it was.</summary>
    private async Task<ContainerInfo?> RollBackAsync(ContainerInfo old, string next, bool wasRunning)
    {
        // Not cancellable: the old container is what serves users, and it is stopped until this finishes.
        await runtime.RemoveContainerAsync(next, CancellationToken.None).ConfigureAwait(false);
        if (wasRunning)
        {
            await runtime.StartContainerAsync(old.Id, CancellationToken.None).ConfigureAwait(false);
        }
        return await runtime.InspectContainerAsync(old.Id, CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>
    /// Kubernetes' readiness for a container just started: its health check passing when it has one (run at once, then
    /// every period, until podman calls it unhealthy after failureThreshold failures past the start period), else
    /// running, and not restarted, for minReadySeconds.
    /// </summary>
    private async Task<(ContainerInfo? Container, string? Error)> AwaitReadyAsync(string name, ServiceSpec spec, CancellationToken cancellationToken)
    {
        if (spec.HealthCheck is not { Command.Count: > 0 } health)
        {
            var minReady = TimeSpan.FromSeconds(spec.MinReadySeconds ?? ServiceReadiness.DefaultMinReadySeconds);
            if (minReady > TimeSpan.Zero)
            {
                // Real time on purpose, here and below: this waits for a process in the real world, not for logical time.
                await Task.Delay(minReady, cancellationToken).ConfigureAwait(false);
            }
            return Judge(await runtime.InspectContainerAsync(name, cancellationToken).ConfigureAwait(false), name, minReady);
        }
        var timing = HealthCheckTiming.Of(health);
        // Past this, podman has had the start period and failureThreshold periods to call it unhealthy.
        var deadline = DateTimeOffset.UtcNow + timing.StartPeriod + (timing.FailureThreshold + 1) * timing.Period;
        while (true)
        {
            await runtime.RunHealthCheckAsync(name, cancellationToken).ConfigureAwait(false);
            var (container, error) = Judge(await runtime.InspectContainerAsync(name, cancellationToken).ConfigureAwait(false), name, TimeSpan.Zero);
            if (error is not null || container!.Health == HealthStates.Healthy)
            {
                return (container, error);
            }
            if (container.Health == HealthStates.Unhealthy || DateTimeOffset.UtcNow >= deadline)
            {
                return (container, $"the health check did not pass: it failed {timing.FailureThreshold} time(s) in a row");
            }
            await Task.Delay(timing.Period, cancellationToken).ConfigureAwait(false);
        }
    }

    private static (ContainerInfo? Container, string? Error) Judge(ContainerInfo? container, string name, TimeSpan ranFor)
    {
        if (container is null)
        {
            return (null, $"container {name} disappeared right after it started");
        }
        if (!container.IsRunning)
        {
            var within = ranFor > TimeSpan.Zero ? $" (within minReadySeconds, {ranFor.TotalSeconds:0.#} s)" : "";
            // Podman's own error, when it recorded one, says more; ours says what happened.
            var error = container.Error is { } podman ? $" ({podman})" : "";
            return (container, $"container exited right after it started{within}, exit code {container.ExitCode}{error}");
        }
        // Under a restart policy a crashing process is back up before anyone looks: a fresh container that has already
        // been restarted did not start, whatever its state says now.
        return container.RestartCount > 0
            ? (container, $"container crashed and was restarted {container.RestartCount} time(s) right after it started (last exit code {container.ExitCode})")
            : (container, null);
    }

    private ContainerInfo Started(string id, ContainerDefinition definition, string network, ContainerAddress address) =>
        new(id, definition.Name, ContainerStates.Running, definition.Labels)
        {
            // No StartedAt: podman's is not known without asking, and a made-up one would read as another run.
            ImageDigest = definition.Labels[HomelabLabels.ImageDigest],
            Addresses = new Dictionary<string, string>(StringComparer.Ordinal) { [network] = address.Ip },
            Addresses6 = address.Ip6 is { } ip6 ? new Dictionary<string, string>(StringComparer.Ordinal) { [network] = ip6 } : new Dictionary<string, string>(),
            MacAddresses = new Dictionary<string, string>(StringComparer.Ordinal) { [network] = address.Mac },
        };

    [LoggerMessage(Level = LogLevel.Information, Message = "Replaced container {Container} of Service {Namespace}/{Name}")]
    private static partial void LogReplaced(ILogger logger, string container, string @namespace, string name);
}
