namespace Homelab.Api.Printing;

/// <summary>
/// kubectl's AGE (apimachinery's <c>duration.HumanDuration</c>): seconds up to 2 min, minutes with seconds up to 10 min,
/// minutes up to 3 h (so 1 h 49 min is "109m"), hours with minutes up to 8 h, hours up to 2 d, days with hours up to 8 d,
/// days up to 2 y, years with days up to 8 y, then years.
/// </summary>
public static class Age
{
    public const string Unknown = "<unknown>";

    public static string Format(TimeSpan elapsed)
    {
        var seconds = (long)Math.Truncate(elapsed.TotalSeconds);
        if (seconds < -1)
        {
            return "<invalid>";
        }
        if (seconds < 0)
        {
            return "0s";
        }
        if (seconds < 2 * 60)
        {
            return $"{seconds}s";
        }
        var minutes = seconds / 60;
        if (minutes < 10)
        {
            return WithRest(minutes, "m", seconds % 60, "s");
        }
        if (minutes < 3 * 60)
        {
            return $"{minutes}m";
        }
        var hours = minutes / 60;
        if (hours < 8)
        {
            return WithRest(hours, "h", minutes % 60, "m");
        }
        if (hours < 48)
        {
            return $"{hours}h";
        }
        if (hours < 24 * 8)
        {
            return WithRest(hours / 24, "d", hours % 24, "h");
        }
        if (hours < 24 * 365 * 2)
        {
            return $"{hours / 24}d";
        }
        if (hours < 24 * 365 * 8)
        {
            return WithRest(hours / 24 / 365, "y", hours / 24 % 365, "d");
        }
        return $"{hours / 24 / 365}y";
    }

    public static string Since(DateTimeOffset? then, DateTimeOffset now) => then is { } t ? Format(now - t) : Unknown;

    private static string WithRest(long whole, string unit, long rest, string restUnit) =>
        rest == 0 ? $"{whole}{unit}" : $"{whole}{unit}{rest}{restUnit}";
}
