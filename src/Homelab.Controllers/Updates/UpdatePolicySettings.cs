using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;
using Cronos;
using Homelab.Api.Resources;
using Homelab.Api.Values;

namespace Homelab.Controllers.Updates;

/// <summary>An UpdatePolicy spec checked and parsed once per reconcile. Errors name the field and the reason.</summary>
internal sealed record UpdatePolicySettings
{
    public required string Strategy { get; init; }
    public required string Mode { get; init; }
    public CronExpression? Schedule { get; init; }
    public TimeSpan? Interval { get; init; }
    public MaintenanceWindowSchedule? Window { get; init; }
    public required TimeZoneInfo Zone { get; init; }
    public required TimeSpan HealthTimeout { get; init; }
    public required bool Rollback { get; init; }
    public int? KeepImages { get; init; }
    public required int MaxParallel { get; init; }
    public string Allow { get; init; } = SemverAllowances.Minor;
    public Regex? TagPattern { get; init; }
    public bool IncludePrerelease { get; init; }

    /// <summary>The next regular check after <paramref name="from"/>.</summary>
    public DateTimeOffset NextCheck(DateTimeOffset from) =>
        Schedule is not null
            ? Schedule.GetNextOccurrence(from, Zone) ?? from.AddDays(365)
            : from + Interval!.Value;

    public static bool TryParse(UpdatePolicySpec spec, UpdatePolicyOptions options, [NotNullWhen(true)] out UpdatePolicySettings? settings, [NotNullWhen(false)] out string? error)
    {
        settings = null;
        var strategy = spec.Strategy ?? UpdateStrategies.Digest;
        if (strategy is not (UpdateStrategies.Digest or UpdateStrategies.Semver))
        {
            error = $"spec.strategy: \"{strategy}\" must be digest or semver";
            return false;
        }
        var mode = spec.Mode ?? UpdateModes.Apply;
        if (mode is not (UpdateModes.Apply or UpdateModes.Notify))
        {
            error = $"spec.mode: \"{mode}\" must be apply or notify";
            return false;
        }
        if (spec.Schedule is not null && spec.Interval is not null)
        {
            error = "spec.schedule and spec.interval: give one, not both";
            return false;
        }
        CronExpression? cron = null;
        if (spec.Schedule is not null)
        {
            try
            {
                cron = CronExpression.Parse(spec.Schedule, CronFormat.Standard);
            }
            catch (CronFormatException ex)
            {
                error = $"spec.schedule: \"{spec.Schedule}\" is not a five-field cron expression ({ex.Message})";
                return false;
            }
        }
        TimeSpan? interval = null;
        if (spec.Interval is not null)
        {
            if (!Duration.TryParse(spec.Interval, out var parsed, out var reason) || parsed <= Duration.Zero)
            {
                error = $"spec.interval: {reason ?? "must be positive"}";
                return false;
            }
            interval = parsed;
        }
        else if (cron is null)
        {
            interval = options.DefaultInterval;
        }
        var healthTimeout = options.DefaultHealthTimeout;
        if (spec.HealthTimeout is not null)
        {
            if (!Duration.TryParse(spec.HealthTimeout, out var parsed, out var reason) || parsed <= Duration.Zero)
            {
                error = $"spec.healthTimeout: {reason ?? "must be positive"}";
                return false;
            }
            healthTimeout = parsed;
        }
        MaintenanceWindowSchedule? window = null;
        if (spec.Window is not null && !MaintenanceWindowSchedule.TryCreate(spec.Window, options.TimeZone, out window, out error))
        {
            return false;
        }
        if (spec.MaxParallel is < 1)
        {
            error = $"spec.maxParallel: {spec.MaxParallel} must be at least 1";
            return false;
        }
        if (spec.KeepImages is < 1)
        {
            error = $"spec.keepImages: {spec.KeepImages} must be at least 1 (the running image is always kept)";
            return false;
        }
        var allow = spec.Semver?.Allow ?? SemverAllowances.Minor;
        if (allow is not (SemverAllowances.Patch or SemverAllowances.Minor or SemverAllowances.Major))
        {
            error = $"spec.semver.allow: \"{allow}\" must be patch, minor or major";
            return false;
        }
        Regex? tagPattern = null;
        if (!string.IsNullOrEmpty(spec.Semver?.TagPattern))
        {
            try
            {
                tagPattern = new Regex(spec.Semver.TagPattern, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
            }
            catch (ArgumentException ex)
            {
                error = $"spec.semver.tagPattern: not a regular expression ({ex.Message})";
                return false;
            }
        }
        settings = new UpdatePolicySettings
        {
            Strategy = strategy,
            Mode = mode,
            Schedule = cron,
            Interval = interval,
            Window = window,
            Zone = window?.Zone ?? options.TimeZone,
            HealthTimeout = healthTimeout,
            Rollback = spec.Rollback ?? true,
            KeepImages = spec.KeepImages,
            MaxParallel = spec.MaxParallel ?? 1,
            Allow = allow,
            TagPattern = tagPattern,
            IncludePrerelease = spec.Semver?.IncludePrerelease ?? false,
        };
        error = null;
        return true;
    }
}
