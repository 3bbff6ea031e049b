namespace Homelab.Translation.Export;

/// <summary>The annotations of Keel (keel.sh), the updater UpdatePolicies are exported for.</summary>
internal static class KeelAnnotations
{
    public const string Prefix = "keel.sh/";
    public const string Policy = "keel.sh/policy";
    public const string Trigger = "keel.sh/trigger";
    public const string PollSchedule = "keel.sh/pollSchedule";
    public const string MatchTag = "keel.sh/match-tag";
    public const string Approvals = "keel.sh/approvals";
}
