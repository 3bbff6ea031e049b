namespace Homelab.Controllers.Updates;

/// <summary>Defaults and timings of the update controller.</summary>
public sealed class UpdatePolicyOptions
{
    /// <summary>How long a new image must stay Ready without a restart before the update counts as healthy.</summary>
    public TimeSpan SettlePeriod { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Health timeout when the policy gives none.</summary>
    public TimeSpan DefaultHealthTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Check interval when the policy gives neither schedule nor interval.</summary>
    public TimeSpan DefaultInterval { get; set; } = TimeSpan.FromHours(6);

    /// <summary>
    /// How soon a check that hit a registry error is tried again the first time; the wait doubles while the registry
    /// keeps failing, and is never later than the next regular check.
    /// </summary>
    public TimeSpan RegistryRetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>History entries kept per Service.</summary>
    public int HistoryLimit { get; set; } = 10;

    /// <summary>Failed digests kept per Service; the oldest fall off first.</summary>
    public int FailedDigestLimit { get; set; } = 20;

    /// <summary>Newer tags tried per check when the best ones have failed before.</summary>
    public int MaxSemverCandidates { get; set; } = 5;

    /// <summary>Time zone for cron schedules and windows that name none.</summary>
    public TimeZoneInfo TimeZone { get; set; } = TimeZoneInfo.Local;
}
