using Homelab.Api.Meta;
using Homelab.Api.Resources;
using Homelab.Controllers.Services;

namespace Homelab.Controllers.Updates;

/// <summary>
/// Judges an update from the Service's status alone: healthy once the Service controller has caught up with the new
/// spec (observedGeneration == generation), runs the new digest, is Ready, and has not restarted for the settle
/// period; failed on timeout, on Ready=False once settled on the new spec (other than still waiting for the first health
/// check), or on a restart after it was Ready.
/// Mutates <paramref name="pending"/> to remember when it first became Ready.
/// </summary>
internal static class HealthGate
{
    public static HealthVerdict Evaluate(PendingUpdate pending, Service service, DateTimeOffset now, TimeSpan settle, TimeSpan timeout)
    {
        var status = service.Status;
        var caughtUp = status?.ObservedGeneration == service.Generation;
        // The Service controller may not know the digest (e.g. images pulled by tag); then the generation says it all.
        var runsNewDigest = caughtUp && (status!.ImageDigest is null || status.ImageDigest == pending.Digest);
        var ready = status?.GetCondition(ConditionTypes.Ready);
        var readyForThisGeneration = ready is not null && (ready.ObservedGeneration == 0 || ready.ObservedGeneration == service.Generation);
        var restarts = status?.RestartCount ?? 0;

        if (runsNewDigest && readyForThisGeneration && ready!.Status == ConditionStatus.True)
        {
            if (pending.ReadySince is not { } since)
            {
                pending.ReadySince = now;
                pending.RestartCount = restarts;
                return HealthVerdict.Wait(now + settle, "Ready; settling");
            }
            if (restarts != pending.RestartCount)
            {
                return HealthVerdict.Failed($"the container restarted ({pending.RestartCount} → {restarts} restarts) after it became Ready");
            }
            return now - since >= settle
                ? HealthVerdict.Healthy($"Ready for {settle.TotalSeconds:0}s without a restart")
                : HealthVerdict.Wait(since + settle, "Ready; settling");
        }
        if (pending.ReadySince is not null)
        {
            return HealthVerdict.Failed($"became not Ready after it started: {Describe(ready)}");
        }
        // The Service controller itself found the new container not Ready and put the old one back: no need to wait.
        if (caughtUp && status!.GetCondition(ConditionTypes.Progressing) is { Status: ConditionStatus.False, Reason: ServiceReasons.RolledBack } rolledBack
            && rolledBack.ObservedGeneration == service.Generation)
        {
            return HealthVerdict.Failed($"the Service controller rolled it back: {rolledBack.Message}");
        }
        // Waiting for the first health check is no verdict yet: a container with a health check always starts that way.
        if (runsNewDigest && readyForThisGeneration && ready!.Status == ConditionStatus.False
            && ready.Reason != ServiceReasons.HealthCheckPending
            && status!.GetCondition(ConditionTypes.Progressing)?.Status != ConditionStatus.True)
        {
            return HealthVerdict.Failed($"Ready=False: {Describe(ready)}");
        }
        if (now - pending.StartedAt >= timeout)
        {
            return HealthVerdict.Failed($"not healthy on the new image within {timeout.TotalSeconds:0}s: {Missing(service, pending, ready)}");
        }
        return HealthVerdict.Wait(pending.StartedAt + timeout, runsNewDigest && ready?.Reason == ServiceReasons.HealthCheckPending
            ? "waiting for the first passing health check"
            : "waiting for the Service to run the new image");
    }

    /// <summary>The signal the gate did not get, in the words a user can act on.</summary>
    private static string Missing(Service service, PendingUpdate pending, Condition? ready)
    {
        var status = service.Status;
        if (status?.ObservedGeneration != service.Generation)
        {
            return $"the Service controller has not applied the new spec yet (observed generation {status?.ObservedGeneration ?? 0} of {service.Generation})";
        }
        // A new container that could not start leaves the old one restored: what stopped it says more than the digest.
        if (ready?.Reason is ServiceReasons.Exited or ServiceReasons.StartFailed or ServiceReasons.CrashLoopBackOff)
        {
            return $"exited ({Describe(ready)})";
        }
        if (pending.Digest.Length > 0 && status.ImageDigest is { } digest && digest != pending.Digest)
        {
            return $"the container runs {digest}, not {pending.Digest} ({Describe(ready)})";
        }
        return ready?.Reason switch
        {
            null => "no Ready condition yet",
            ServiceReasons.HealthCheckPending => $"no health status yet: the health check has not passed once ({Describe(ready)})",
            ServiceReasons.Unhealthy => $"unhealthy: the health check fails ({Describe(ready)})",
            _ => ready.Status == ConditionStatus.True ? $"Ready is from generation {ready.ObservedGeneration}, not {service.Generation}" : Describe(ready),
        };
    }

    private static string Describe(Condition? ready) =>
        ready is null ? "no Ready condition" : $"{ready.Reason}{(string.IsNullOrEmpty(ready.Message) ? "" : ": " + ready.Message)}";
}
