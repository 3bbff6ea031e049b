namespace Homelab.Controllers.Services;

public static class ServiceAnnotations
{
    /// <summary>"true" makes deleting the Service remove its named volumes too (hlctl delete svc X --purge-volumes).</summary>
    public const string PurgeVolumes = "homelab.dev/purge-volumes";
}
