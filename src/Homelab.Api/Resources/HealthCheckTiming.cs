using Homelab.Api.Values;

namespace Homelab.Api.Resources;

/// <summary>
/// A health check's timing whichever names the spec used (Kubernetes' or compose's), with podman's defaults where it
/// names none: every 30 s, 30 s timeout, 3 failures in a row, no start period.
/// </summary>
public sealed record HealthCheckTiming(TimeSpan Period, TimeSpan Timeout, int FailureThreshold, TimeSpan StartPeriod)
{
    public static HealthCheckTiming Of(HealthCheck health)
    {
        ArgumentNullException.ThrowIfNull(health);
        return new(
            Seconds(health.PeriodSeconds) ?? Parsed(health.Interval) ?? TimeSpan.FromSeconds(30),
            Seconds(health.TimeoutSeconds) ?? Parsed(health.Timeout) ?? TimeSpan.FromSeconds(30),
            health.FailureThreshold ?? health.Retries ?? 3,
            Seconds(health.StartPeriodSeconds) ?? Parsed(health.StartPeriod) ?? TimeSpan.Zero);
    }

    private static TimeSpan? Seconds(int? seconds) => seconds is { } s ? TimeSpan.FromSeconds(s) : null;

    private static TimeSpan? Parsed(string? text) => Duration.TryParse(text, out var value) && value.Value > TimeSpan.Zero ? value.Value : null;
}
