using Homelab.Api.Resources;

namespace Homelab.Translation.Export;

/// <summary>
/// An UpdatePolicy becomes Keel annotations on the Deployments of the Services it selects: digest → policy force with
/// match-tag (same tag, new build), semver → policy patch|minor|major, a poll schedule from schedule or interval, notify →
/// one approval. What Keel has no setting for is warned about; an UpdatePolicy that selects no exported Service is not
/// exported at all.
/// </summary>
internal static class UpdatePolicyExporter
{
    /// <summary>The Keel annotations for every Deployment <paramref name="policy"/> selects; warns about what they leave out.</summary>
    public static Dictionary<string, string> Annotations(UpdatePolicy policy, WarningScope warnings)
    {
        var spec = policy.Spec;
        var annotations = new Dictionary<string, string>(StringComparer.Ordinal);
        if (spec.Strategy == UpdateStrategies.Semver)
        {
            annotations[KeelAnnotations.Policy] = spec.Semver?.Allow ?? SemverAllowances.Minor;
            if (spec.Semver?.TagPattern is { } pattern)
            {
                warnings.Add("spec.semver.tagPattern", $"Keel filters tags by glob: or regexp: policies, which replace its semver policies; \"{pattern}\" not exported");
            }
            if (spec.Semver?.IncludePrerelease == true)
            {
                warnings.Add("spec.semver.includePrerelease", "Keel's semver policies decide pre-releases themselves (only the \"all\" policy takes new ones); not exported");
            }
        }
        else
        {
            annotations[KeelAnnotations.Policy] = "force";
            annotations[KeelAnnotations.MatchTag] = "true";
        }
        annotations[KeelAnnotations.Trigger] = "poll";
        if (spec.Interval is { } interval)
        {
            annotations[KeelAnnotations.PollSchedule] = "@every " + Api.Values.Duration.Parse(interval);
        }
        else if (spec.Schedule is { } schedule)
        {
            // Keel's cron has a seconds field first.
            annotations[KeelAnnotations.PollSchedule] = "0 " + schedule;
            warnings.Add("spec.schedule", "Keel reads its poll schedule in its own time zone (UTC unless its TZ says otherwise), Homelab in window.timeZone or the host's");
        }
        if (spec.Mode == UpdateModes.Notify)
        {
            annotations[KeelAnnotations.Approvals] = "1";
            warnings.Add("spec.mode", "notify is exported as keel.sh/approvals: 1: Keel announces the update and applies it once approved");
        }
        if (spec.Window is { } window)
        {
            warnings.Add("spec.window", $"Keel has no maintenance window ({(window.Days is { Count: > 0 } days ? string.Join(",", days) : "every day")} {window.Start}-{window.End}{(window.TimeZone is null ? "" : " " + window.TimeZone)}): updates run whenever the poll finds one; not exported");
        }
        if (spec.HealthTimeout is { } timeout)
        {
            warnings.Add("spec.healthTimeout", $"Keel does not wait for health; the Deployment's progressDeadlineSeconds only reports a rollout that is not Ready in time; {timeout} not exported");
        }
        if (spec.Rollback == true)
        {
            warnings.Add("spec.rollback", "Keel does not roll back a failed update (kubectl rollout undo does, by hand); not exported");
        }
        if (spec.KeepImages is { } keep)
        {
            warnings.Add("spec.keepImages", $"kubelet's image garbage collection decides which images stay on a node; {keep} not exported");
        }
        if (spec.MaxParallel is { } parallel)
        {
            warnings.Add("spec.maxParallel", $"Keel updates every Deployment it finds an update for; {parallel} not exported");
        }
        foreach (var (field, map) in (ReadOnlySpan<(string, System.Text.Json.Nodes.JsonObject)>)[("metadata.labels", MetadataMapping.Labels(policy.Metadata)), ("metadata.annotations", MetadataMapping.Annotations(policy.Metadata))])
        {
            foreach (var (key, _) in map)
            {
                warnings.Add($"{field}[{key}]", "the UpdatePolicy is no object in Kubernetes, only annotations on Deployments; not exported");
            }
        }
        return annotations;
    }
}
