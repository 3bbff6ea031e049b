namespace Homelab.Controllers.Updates;

public static class UpdateAnnotations
{
    /// <summary>An RFC 3339 time; newer than status.lastCheck forces a check now (set by <c>hlctl</c>).</summary>
    public const string CheckNow = "homelab.dev/check-now";
}
