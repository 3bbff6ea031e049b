namespace Homelab.Controllers.Updates;

/// <summary>The health gate's answer: keep waiting (until a time), healthy, or failed with a reason.</summary>
internal sealed record HealthVerdict(HealthVerdictKind Kind, string Message, DateTimeOffset? RecheckAt = null)
{
    public static HealthVerdict Wait(DateTimeOffset until, string message) => new(HealthVerdictKind.Waiting, message, until);
    public static HealthVerdict Healthy(string message) => new(HealthVerdictKind.Healthy, message);
    public static HealthVerdict Failed(string message) => new(HealthVerdictKind.Failed, message);
}

internal enum HealthVerdictKind
{
    Waiting,
    Healthy,
    Failed,
}
