using Homelab.Api.Meta;
using Homelab.Api.Resources;
using Homelab.Operator;
using Homelab.Podman;

namespace Homelab.Controllers.Services;

/// <summary>
/// Writes a Service's status from what the controller observed and did, through the one write-if-changed path. Ready is
/// Kubernetes' (this generation's container passed readiness); Progressing says whether a rollout is under way, or how the
/// last one ended (UpToDate, RolledBack); Available says whether anything serves at all.
/// </summary>
internal sealed class ServiceStatusReport(IResourceClient client, RunningSince runningSince, TimeProvider time)
{
    /// <summary>
    /// The container of this generation, as it is. Returns when to look again for readiness (null: nothing to wait for).
    /// </summary>
    /// <param name="amend">Changes the controller made beyond what podman reports (restarts, termination reasons).</param>
    /// <param name="known">Readiness when the controller knows it better than the observation (a back-off, a rollout that just passed readiness).</param>
    public async Task<TimeSpan?> CurrentAsync(Service service, ContainerInfo container, NetworkInfo network, Action<ServiceStatus>? amend, ConditionValue? known, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var before = StatusWrites.Snapshot(service);
        var status = service.Status ??= new ServiceStatus();
        Observe(status, container);
        amend?.Invoke(status);
        status.Network = network.Name;
        status.Interface = network.BridgeName;
        status.Ip = container.Addresses.GetValueOrDefault(network.Name);
        status.Ips = InFamilyOrder(service.Spec, status.Ip, container.Addresses6.GetValueOrDefault(network.Name));
        status.Mac = container.MacAddresses.GetValueOrDefault(network.Name);
        status.Subnet = network.Subnet;
        status.Subnets = InFamilyOrder(service.Spec, network.Subnet, network.Subnet6);
        status.Gateway = network.Gateway;
        status.ObservedGeneration = service.Generation;
        var seen = container.IsRunning ? runningSince.Seen(service.Metadata.Uid!, container, now) : now;
        var (ready, recheck) = known is { } value ? (value, null) : ServiceReadiness.Of(service.Spec, container, seen, now);
        var generation = service.Generation;
        status.SetCondition(ConditionTypes.Ready, ready.Status, ready.Reason, ready.Message, generation, now);
        if (ServiceReadiness.IsStarting(ready))
        {
            status.SetCondition(ConditionTypes.Progressing, ConditionStatus.True, ServiceReasons.RollingOut, "the new container is not Ready yet", generation, now);
        }
        else
        {
            status.SetCondition(ConditionTypes.Progressing, ConditionStatus.False, ServiceReasons.UpToDate, "", generation, now);
        }
        SetAvailable(status, ready.Status == ConditionStatus.True ? ready : new(ConditionStatus.False, ServiceReasons.NothingServes, ready.Message), generation, now);
        await client.UpdateStatusIfChangedAsync(service, before, cancellationToken).ConfigureAwait(false);
        return recheck;
    }

    /// <summary>The values there are, IPv6 first when the spec names it first (Kubernetes' podIPs order); null for none.</summary>
    private static List<string>? InFamilyOrder(ServiceSpec spec, string? v4, string? v6)
    {
        string?[] ordered = spec.IpFamilies is [IpFamilies.IPv6, ..] ? [v6, v4] : [v4, v6];
        var present = ordered.OfType<string>().ToList();
        return present.Count == 0 ? null : present;
    }

    /// <summary>A rollout begins: Ready=False and Progressing=True at the new generation, so a waiter never mistakes the old container for the new.</summary>
    public Task RollingOutAsync(Service service, ContainerInfo old, string pinnedImage, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var before = StatusWrites.Snapshot(service);
        var status = service.Status ??= new ServiceStatus();
        var message = $"replacing container {Short(old.Id)} with one from {pinnedImage}";
        status.SetCondition(ConditionTypes.Ready, ConditionStatus.False, ServiceReasons.RollingOut, message, service.Generation, now);
        status.SetCondition(ConditionTypes.Progressing, ConditionStatus.True, ServiceReasons.RollingOut, message, service.Generation, now);
        return client.UpdateStatusIfChangedAsync(service, before, cancellationToken);
    }

    /// <summary>
    /// The spec could not be applied. With <paramref name="rolledBack"/>, the rollout is over (Progressing=False
    /// RolledBack) and says which container still serves; otherwise it is retried (Progressing=True). Ready=False and the
    /// event are the framework's (<c>ObjectReconciler.ReportFailure</c>), written once.
    /// </summary>
    public Task FailedAsync(Service service, ContainerInfo? serving, string reason, string message, bool rolledBack, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var before = StatusWrites.Snapshot(service);
        var status = service.Status ??= new ServiceStatus();
        if (serving is not null)
        {
            Observe(status, serving);
        }
        var generation = service.Generation;
        status.SetCondition(ConditionTypes.Ready, ConditionStatus.False, reason, message, generation, now);
        var servingNow = serving is { IsRunning: true };
        var what = servingNow
            ? $"the previous container {Short(serving!.Id)} ({serving.Label(HomelabLabels.Image) ?? serving.ImageDigest}) still serves"
            : "nothing serves";
        if (rolledBack)
        {
            // This generation was acted on, and its rollout is over: observed, as a Deployment's observedGeneration says.
            status.ObservedGeneration = generation;
            status.SetCondition(ConditionTypes.Progressing, ConditionStatus.False, ServiceReasons.RolledBack, $"{reason}: {message}; {what}", generation, now);
        }
        else
        {
            status.SetCondition(ConditionTypes.Progressing, ConditionStatus.True, ServiceReasons.Retrying, $"the spec could not be applied yet ({reason}); {what}", generation, now);
        }
        SetAvailable(status, servingNow
            ? new(ConditionStatus.True, ServiceReasons.PreviousSpecServes, what)
            : new(ConditionStatus.False, ServiceReasons.NothingServes, $"{reason}: {message}"), generation, now);
        return client.UpdateStatusIfChangedAsync(service, before, cancellationToken);
    }

    private static void SetAvailable(ServiceStatus status, ConditionValue value, long generation, DateTimeOffset now) =>
        status.SetCondition(ConditionTypes.Available, value.Status, value.Reason, value.Message, generation, now);

    /// <summary>
    /// The digest reported is the one the container was pinned to (the spec's, when the spec names one), not podman's
    /// ImageDigest: an image has several digests (a manifest list's and its platform manifest's; an image built here
    /// keeps its local manifest digest after a push that recompressed it), podman reports only one of them, and an
    /// update judged by that one never saw the digest it wrote into the spec — a healthy update was rolled back.
    /// Restarts are counted by the controller (status.restartCount carries over a recreated container); podman's own
    /// count matters only for containers made before Homelab applied the restart policy itself.
    /// </summary>
    private static void Observe(ServiceStatus status, ContainerInfo container)
    {
        if (status.ContainerID == container.Id)
        {
            status.RestartCount = Math.Max(status.RestartCount ?? 0, container.RestartCount);
        }
        status.ContainerID = container.Id;
        status.ImageDigest = container.Label(HomelabLabels.ImageDigest) ?? container.ImageDigest;
    }

    private static string Short(string id) => id[..Math.Min(12, id.Length)];
}
