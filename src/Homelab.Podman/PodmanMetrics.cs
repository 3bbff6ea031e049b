using System.Diagnostics.Metrics;

namespace Homelab.Podman;

/// <summary>How long podman commands take, per verb (<c>homelab_podman_command_duration_seconds{verb,result}</c>).</summary>
internal sealed class PodmanMetrics
{
    public const string MeterName = "Homelab.Podman";

    // Subcommands that take a second word ("container inspect", "network rm").
    private static readonly HashSet<string> Groups = new(StringComparer.Ordinal) { "container", "network", "image", "volume", "healthcheck", "system", "pod" };

    private static readonly double[] Buckets = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

    private readonly Histogram<double> _duration;

    public PodmanMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _duration = meterFactory.Create(MeterName).CreateHistogram("homelab_podman_command_duration_seconds", "s",
            "Duration of podman commands run by homelabd, by verb and result (ok or the exit code's class: error)",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = Buckets });
    }

    public void Ran(IReadOnlyList<string> args, int exitCode, TimeSpan elapsed) =>
        _duration.Record(elapsed.TotalSeconds, new("verb", Verb(args)), new("result", exitCode == 0 ? "ok" : "error"));

    /// <summary>The subcommand without its arguments: never a container name or an image, so the label set stays small.</summary>
    internal static string Verb(IReadOnlyList<string> args) => args.Count switch
    {
        0 => "",
        > 1 when Groups.Contains(args[0]) => args[0] + " " + args[1],
        _ => args[0],
    };
}
