namespace Homelab.Controllers.Updates;

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
    /// <summary>The available image failed an ImagePolicy's signature check; nothing rolled.</summary>
    public const string Rejected = "Rejected";
}
