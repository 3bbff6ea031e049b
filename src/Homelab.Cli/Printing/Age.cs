namespace Homelab.Cli.Printing;

/// <summary>kubectl's short human duration: 5s, 3m, 2h, 4d, 1y.</summary>
internal static class Age
{
    public const string Unknown = "<unknown>";

    public static string Format(TimeSpan elapsed)
    {
        var seconds = (long)Math.Floor(elapsed.TotalSeconds);
        return seconds switch
        {
            < -1 => "<invalid>",
            < 0 => "0s",
            < 60 => $"{seconds}s",
            _ when elapsed.TotalMinutes < 60 => $"{(long)elapsed.TotalMinutes}m",
            _ when elapsed.TotalHours < 48 => $"{(long)elapsed.TotalHours}h",
            _ when elapsed.TotalDays < 365 => $"{(long)elapsed.TotalDays}d",
            _ => $"{(long)(elapsed.TotalDays / 365)}y",
        };
    }

    public static string Since(DateTimeOffset? then, DateTimeOffset now) => then is { } t ? Format(now - t) : Unknown;
}
