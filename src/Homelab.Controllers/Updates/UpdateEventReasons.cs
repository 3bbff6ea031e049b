namespace Homelab.Controllers.Updates;

internal static class UpdateEventReasons
{
    public const string UpdateAvailable = "UpdateAvailable";
    public const string Updating = "Updating";
    public const string Updated = "Updated";
    public const string UpdateRolledBack = "UpdateRolledBack";
    public const string UpdateFailed = "UpdateFailed";
    public const string ImagePruned = "ImagePruned";
    public const string ImageRejected = "ImageRejected";
    public const string PullFailed = "PullFailed";
    public const string RegistryError = "RegistryError";
}
