namespace Homelab.Operator;

/// <summary>Settings shared by every controller. Bound from configuration section "Operator"; validated at start.</summary>
public sealed class OperatorOptions
{
    /// <summary>How often every object is re-enqueued so drift in the real world is repaired. Zero or infinite turns it off.</summary>
    public TimeSpan ResyncPeriod { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The first retry delay after a failure; it doubles with each further failure of the same key.</summary>
    public TimeSpan BackoffInitial { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest retry delay. Failures are retried forever at this pace unless terminal.</summary>
    public TimeSpan BackoffMax { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long to wait before listing again after a watch ended or failed.</summary>
    public TimeSpan WatchRestartDelay { get; set; } = TimeSpan.FromSeconds(1);

    internal bool ResyncEnabled => ResyncPeriod > TimeSpan.Zero && ResyncPeriod != Timeout.InfiniteTimeSpan;
}
