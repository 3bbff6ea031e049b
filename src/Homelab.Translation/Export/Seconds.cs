namespace Homelab.Translation.Export;

/// <summary>Kubernetes takes whole seconds where Homelab takes durations; the conversion rounds up and says so.</summary>
internal static class Seconds
{
    /// <summary>The duration in whole seconds, rounded up; <paramref name="exact"/> is false when that changed it.</summary>
    public static long From(string duration, out bool exact)
    {
        var value = Api.Values.Duration.Parse(duration).Value;
        var seconds = (long)Math.Ceiling(value.TotalSeconds);
        exact = TimeSpan.FromSeconds(seconds) == value;
        return seconds;
    }

    /// <summary>Homelab's compact form: 90 → "1m30s".</summary>
    public static string ToDuration(long seconds) => new Api.Values.Duration(TimeSpan.FromSeconds(seconds)).ToString();
}
