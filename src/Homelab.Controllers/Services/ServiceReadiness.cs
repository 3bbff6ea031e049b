using Homelab.Api.Meta;
using Homelab.Api.Resources;
using Homelab.Podman;

namespace Homelab.Controllers.Services;

/// <summary>A condition's value as the Service controller decides it.</summary>
internal readonly record struct ConditionValue(string Status, string Reason, string Message);

/// <summary>
/// Kubernetes' readiness of a Service's container, from what podman reports and the time: its health check passing when
/// it has one, else running for minReadySeconds. Pure; table-tested.
/// </summary>
internal static class ServiceReadiness
{
    public const int DefaultMinReadySeconds = 1;

    /// <returns>The Ready value, and when a not-yet-Ready container is worth looking at again (null: an event or the health check's period will tell).</returns>
    /// <param name="seenRunningSince">When the controller first saw this run of the container; minReadySeconds counts from it or podman's start time, whichever is earlier.</param>
    public static (ConditionValue Ready, TimeSpan? Recheck) Of(ServiceSpec spec, ContainerInfo container, DateTimeOffset seenRunningSince, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(container);
        if (!container.IsRunning)
        {
            return (new(ConditionStatus.False, ServiceReasons.Exited, $"container is {container.State} (exit code {container.ExitCode})"), null);
        }
        if (spec.HealthCheck is { Command.Count: > 0 })
        {
            return (container.Health switch
            {
                HealthStates.Healthy => new(ConditionStatus.True, ServiceReasons.Running, ""),
                HealthStates.Unhealthy => new(ConditionStatus.False, ServiceReasons.Unhealthy, "the health check fails"),
                _ => new(ConditionStatus.False, ServiceReasons.HealthCheckPending, "waiting for the first passing health check"),
            }, null);
        }
        var minReady = TimeSpan.FromSeconds(spec.MinReadySeconds ?? DefaultMinReadySeconds);
        var since = container.StartedAt is { } started && started < seenRunningSince ? started : seenRunningSince;
        var ranFor = now - since;
        return ranFor >= minReady
            ? (new(ConditionStatus.True, ServiceReasons.Running, ""), null)
            : (new(ConditionStatus.False, ServiceReasons.Starting, $"running for {Math.Max(0, ranFor.TotalSeconds):0.#} s of minReadySeconds {minReady.TotalSeconds:0}"), minReady - ranFor);
    }

    /// <summary>Still on its way to Ready (rather than failed): the rollout of this spec is not over.</summary>
    public static bool IsStarting(ConditionValue ready) => ready.Reason is ServiceReasons.Starting or ServiceReasons.HealthCheckPending;
}
