using System.Collections.Concurrent;
using Homelab.Podman;
using Microsoft.Extensions.Options;

namespace Homelab.Controllers.Services;

/// <summary>
/// Kubelet's CrashLoopBackOff for the Service controller's restarts. Podman runs every container with <c>--restart=no</c>,
/// because its own policy restarts a crashing process at once, several times a second, forever. The controller restarts
/// per restartPolicy instead: the first time at once, then after <see cref="PodmanOptions.RestartBackoffInitial"/>,
/// doubling up to <see cref="PodmanOptions.RestartBackoffMax"/>; a container that ran twice that long counts as recovered.
/// Kept in memory, as kubelet keeps it: a daemon restart forgives.
/// </summary>
internal sealed class RestartBackoff(IOptions<PodmanOptions> options)
{
    private readonly ConcurrentDictionary<string, Crash> _byService = new(StringComparer.Ordinal);
    private readonly PodmanOptions _options = options.Value;

    /// <summary>How long to wait, counted from the container's exit, before starting it again; and when that is.</summary>
    public (TimeSpan Delay, DateTimeOffset NotBefore) Next(string serviceUid, ContainerInfo container, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(container);
        var ranFor = container.StartedAt is { } started && container.FinishedAt is { } finished ? finished - started : TimeSpan.Zero;
        var crash = _byService.AddOrUpdate(
            serviceUid,
            _ => new Crash(container.Id, container.FinishedAt, container.FinishedAt ?? now, 1),
            (_, last) => last.ContainerId == container.Id && last.FinishedAt == container.FinishedAt
                ? last // the same exit, seen again while waiting
                : new Crash(container.Id, container.FinishedAt, container.FinishedAt ?? now,
                    last.ContainerId == container.Id && ranFor < 2 * _options.RestartBackoffMax ? last.Consecutive + 1 : 1));
        var delay = Delay(crash.Consecutive);
        return (delay, crash.ExitedAt + delay);
    }

    /// <summary>The Service is gone: nothing to remember.</summary>
    public void Forget(string serviceUid) => _byService.TryRemove(serviceUid, out _);

    private TimeSpan Delay(int consecutive)
    {
        if (consecutive <= 1)
        {
            return TimeSpan.Zero;
        }
        var delay = _options.RestartBackoffInitial * Math.Pow(2, Math.Min(consecutive - 2, 30));
        return delay < _options.RestartBackoffMax ? delay : _options.RestartBackoffMax;
    }

    /// <param name="FinishedAt">Podman's exit time, which identifies the exit; null when podman did not say.</param>
    /// <param name="ExitedAt">The exit time the delay counts from: podman's, or when the controller first saw it.</param>
    private sealed record Crash(string ContainerId, DateTimeOffset? FinishedAt, DateTimeOffset ExitedAt, int Consecutive);
}
