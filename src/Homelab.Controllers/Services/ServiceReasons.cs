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
    /// <summary>Running, but not yet for minReadySeconds.</summary>
    public const string Starting = "Starting";
    /// <summary>Progressing=True: a new spec's container is being put in place.</summary>
    public const string RollingOut = "RollingOut";
    /// <summary>Progressing=False: the new spec's container failed its readiness and the previous one was put back.</summary>
    public const string RolledBack = "RolledBack";
    /// <summary>Progressing=True after a failure: the spec is retried.</summary>
    public const string Retrying = "Retrying";
    /// <summary>Available=True while the previous spec's container serves.</summary>
    public const string PreviousSpecServes = "PreviousSpecServes";
    /// <summary>Available=False: no container serves.</summary>
    public const string NothingServes = "NothingServes";
    /// <summary>Events of homelabd's liveness restart, as kubelet names them.</summary>
    public const string Killing = "Killing";
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
