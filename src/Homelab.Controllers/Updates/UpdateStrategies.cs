namespace Homelab.Controllers.Updates;

/// <summary>The words the UpdatePolicy spec and status use.</summary>
internal static class UpdateStrategies
{
    public const string Digest = "digest";
    public const string Semver = "semver";
}

internal static class UpdateModes
{
    public const string Apply = "apply";
    public const string Notify = "notify";
}

internal static class SemverAllow
{
    public const string Patch = "patch";
    public const string Minor = "minor";
    public const string Major = "major";
}

/// <summary>Values of ServiceUpdateStatus.lastResult and UpdateOutcome.result.</summary>
internal static class UpdateResults
{
    public const string UpToDate = "UpToDate";
    public const string UpdateAvailable = "UpdateAvailable";
    public const string Updating = "Updating";
    public const string Updated = "Updated";
    public const string RolledBack = "RolledBack";
    public const string Failed = "Failed";
    public const string OutsideWindow = "OutsideWindow";
    public const string RegistryError = "RegistryError";
}

internal static class UpdateEventReasons
{
    public const string UpdateAvailable = "UpdateAvailable";
    public const string Updating = "Updating";
    public const string Updated = "Updated";
    public const string UpdateRolledBack = "UpdateRolledBack";
    public const string UpdateFailed = "UpdateFailed";
    public const string ImagePruned = "ImagePruned";
}

internal static class UpdateConditionReasons
{
    public const string Checked = "Checked";
    public const string RegistryError = "RegistryError";
    public const string InvalidSpec = "InvalidSpec";
}

public static class UpdateAnnotations
{
    /// <summary>An RFC 3339 time; newer than status.lastCheck forces a check now (set by <c>hlctl</c>).</summary>
    public const string CheckNow = "homelab.dev/check-now";
}
