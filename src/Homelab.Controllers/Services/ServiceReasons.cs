namespace Homelab.Controllers.Services;

/// <summary>Condition reasons and event reasons the Service controller writes.</summary>
public static class ServiceReasons
{
    public const string Running = "Running";
    public const string UpToDate = "UpToDate";
    public const string Replaced = "Replaced";
    public const string Created = "Created";
    public const string Started = "Started";
    public const string Exited = "Exited";
    public const string CrashLoopBackOff = "CrashLoopBackOff";
    public const string BackOff = "BackOff";
    public const string HealthCheckPending = "HealthCheckPending";
    public const string Unhealthy = "Unhealthy";
    public const string StartFailed = "StartFailed";
    public const string ImagePullFailed = "ImagePullFailed";
    /// <summary>An ImagePolicy's signature requirement refused the image; the old container, if any, keeps running.</summary>
    public const string ImageRejected = "ImageRejected";
    public const string PinnedImageUnavailable = "PinnedImageUnavailable";
    public const string CreateFailed = "CreateFailed";
    public const string NetworkFailed = "NetworkFailed";
    public const string UserNamespaceUnavailable = "UserNamespaceUnavailable";
    public const string Pruned = "Pruned";
    public const string SecretNotFound = "SecretNotFound";
}
