using Homelab.Api.Resources;
using Homelab.Podman;

namespace Homelab.Controllers.Services;

/// <summary>What the Service controller does next with the one container it owns.</summary>
internal enum ServiceStep
{
    /// <summary>The container is current and needs nothing: report what it is.</summary>
    Keep,
    /// <summary>There is no container: create one from the spec.</summary>
    Create,
    /// <summary>The container runs an older spec, digest or Secret set: roll out a new one, keeping the old to return to.</summary>
    Replace,
    /// <summary>The container stopped and its restart policy wants it back: start it.</summary>
    Start,
    /// <summary>The container keeps crashing: wait before the next start (CrashLoopBackOff).</summary>
    BackOff,
    /// <summary>Podman calls it running but its conmon or process is dead: remove it and create it again.</summary>
    Recreate,
    /// <summary>Its health check failed failureThreshold times in a row: stop it, then restart it through the back-off.</summary>
    Kill,
    /// <summary>
    /// This generation's rollout was rolled back and the previous spec's container serves: leave it be. Each attempt stops
    /// the old container (both may publish one host port), so a retry is the user's to ask for, with a new generation.
    /// </summary>
    Hold,
}

/// <param name="Wait">For <see cref="ServiceStep.BackOff"/>: how long until the next start.</param>
internal readonly record struct ServiceDecision(ServiceStep Step, string? Reason = null, TimeSpan Wait = default);

/// <summary>
/// The Service controller's decision, from what it observed alone: no podman, no store, no clock of its own. Table-tested.
/// </summary>
internal static class ServicePlan
{
    /// <param name="current">This Service's container under its own name, if any.</param>
    /// <param name="isCurrent">Its labels prove it was made from this spec, digest and Secret files.</param>
    /// <param name="runtimeAlive">Its conmon and process are alive (only asked while podman calls it running).</param>
    /// <param name="restartNotBefore">For a stopped container: the earliest start the back-off allows.</param>
    /// <param name="rolledBack">This generation's rollout ended rolled back (status says Progressing=False RolledBack).</param>
    public static ServiceDecision Decide(ServiceSpec spec, ContainerInfo? current, bool isCurrent, bool runtimeAlive, DateTimeOffset? restartNotBefore, DateTimeOffset now, bool rolledBack = false)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (current is null)
        {
            return new(ServiceStep.Create);
        }
        if (current.IsRunning && !runtimeAlive)
        {
            // Dead whatever its spec: a new one is made from the spec of now either way.
            return new(ServiceStep.Recreate, TerminationReasons.RuntimeLost);
        }
        if (!isCurrent)
        {
            // Once nothing serves, trying the new spec again costs no one anything.
            return rolledBack && current.IsRunning ? new(ServiceStep.Hold) : new(ServiceStep.Replace);
        }
        if (current.IsRunning)
        {
            // Podman turns a container unhealthy only after failureThreshold failures in a row (past the start period).
            return spec.HealthCheck is { Command.Count: > 0 } && current.Health == HealthStates.Unhealthy
                ? new(ServiceStep.Kill, TerminationReasons.Liveness)
                : new(ServiceStep.Keep);
        }
        if (!ShouldRestart(spec, current))
        {
            return new(ServiceStep.Keep);
        }
        return restartNotBefore is { } notBefore && notBefore > now
            ? new(ServiceStep.BackOff, Wait: notBefore - now)
            : new(ServiceStep.Start);
    }

    private static bool ShouldRestart(ServiceSpec spec, ContainerInfo container) => spec.RestartPolicy switch
    {
        RestartPolicies.Never => false,
        RestartPolicies.OnFailure => container.ExitCode != 0 || container.State == ContainerStates.Created,
        _ => true,
    };
}
