using System.Collections.Concurrent;
using Homelab.Podman;

namespace Homelab.Controllers.Services;

/// <summary>
/// When the controller first saw each Service's container running, by its own clock. minReadySeconds counts from the
/// earlier of this and podman's start time: podman's clock alone would do on a real host, but the controller's own
/// observation is what it can vouch for, and it keeps readiness on one clock (TimeProvider) wherever podman's lives.
/// </summary>
internal sealed class RunningSince
{
    private readonly ConcurrentDictionary<string, (string ContainerId, DateTimeOffset? StartedAt, DateTimeOffset Seen)> _byService = new(StringComparer.Ordinal);

    /// <summary>The first time this run of <paramref name="container"/> was seen running (now, if this is it).</summary>
    public DateTimeOffset Seen(string serviceUid, ContainerInfo container, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(container);
        return _byService.AddOrUpdate(
            serviceUid,
            _ => (container.Id, container.StartedAt, now),
            (_, last) => SameRun(last.ContainerId, last.StartedAt, container)
                ? (last.ContainerId, last.StartedAt ?? container.StartedAt, last.Seen)
                : (container.Id, container.StartedAt, now)).Seen;
    }

    /// <summary>A start time not reported (a container described without asking podman) does not make a new run.</summary>
    private static bool SameRun(string id, DateTimeOffset? startedAt, ContainerInfo container) =>
        id == container.Id && (startedAt is null || container.StartedAt is null || startedAt == container.StartedAt);

    public void Forget(string serviceUid) => _byService.TryRemove(serviceUid, out _);
}
