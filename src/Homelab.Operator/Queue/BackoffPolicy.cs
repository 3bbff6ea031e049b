namespace Homelab.Operator.Queue;

/// <summary>Capped exponential backoff: <c>initial · 2^failures</c>, never above <c>max</c>.</summary>
internal sealed record BackoffPolicy(TimeSpan Initial, TimeSpan Max)
{
    public TimeSpan Delay(int failures)
    {
        var ticks = Initial.Ticks * Math.Pow(2, Math.Min(failures, 62));
        return ticks >= Max.Ticks ? Max : TimeSpan.FromTicks((long)ticks);
    }
}
