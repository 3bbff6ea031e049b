namespace Homelab.Api.Protocol;

/// <summary>Annotations the API server writes for other components to read.</summary>
public static class WellKnownAnnotations
{
    /// <summary>
    /// Set to "true" by DELETE …?purgeVolumes=true in the same transaction as the delete: the Service controller's
    /// finalizer then removes the managed volumes as well, which it otherwise keeps.
    /// </summary>
    public const string PurgeVolumes = "homelab.dev/purge-volumes";
}
