using System.Globalization;
using Homelab.Nftables.Rendering;

namespace NftPacketBench;

/// <summary>One measurement: connection rate over the whole run and in its busiest half second, and iperf3's throughput.</summary>
internal sealed record Sample(double Rate, double BestWindow, double Gbits);

/// <summary>One variant's samples, pair and loaded taken alternately (the i-th of each seconds apart), as markdown rows.</summary>
internal sealed record Variant(string Shape, NftRuleset Alone, NftRuleset Loaded, List<Sample> Pair, List<Sample> Others)
{
    public const string ConnectionHeader =
        "| other Services (shape) | ruleset bytes: pair / loaded | connections/s: pair, median (min–max) | loaded | ratio of the medians "
        + "| each round's ratio: median (min–max) | busiest ½ s: pair | loaded | each round's ratio |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|";

    public const string ThroughputHeader =
        "| other Services (shape) | iperf3 Gbit/s: pair, median (min–max) | loaded | ratio of the medians | each round's ratio |\n|---|---:|---:|---:|---:|";

    // Two ratios: of the medians, and the median of each round's loaded/pair (measured seconds apart, so a change in the
    // machine's load between rounds cancels; their spread shows how far one round can be trusted).
    public string ConnectionRow() => string.Create(CultureInfo.InvariantCulture,
        $"| {Rulesets.OtherServices} ({Shape}) | {Alone.Text.Length} / {Loaded.Text.Length} | {Spread(Pair, s => s.Rate, "F0")} | {Spread(Others, s => s.Rate, "F0")} "
        + $"| {Ratio(s => s.Rate):F3} | {RoundRatios(s => s.Rate)} | {Spread(Pair, s => s.BestWindow, "F0")} | {Spread(Others, s => s.BestWindow, "F0")} | {RoundRatios(s => s.BestWindow)} |");

    public string ThroughputRow() => string.Create(CultureInfo.InvariantCulture,
        $"| {Rulesets.OtherServices} ({Shape}) | {Spread(Pair, s => s.Gbits, "F2")} | {Spread(Others, s => s.Gbits, "F2")} | {Ratio(s => s.Gbits):F3} | {RoundRatios(s => s.Gbits)} |");

    private double Ratio(Func<Sample, double> value) => Median(Others.Select(value)) / Median(Pair.Select(value));

    private string RoundRatios(Func<Sample, double> value) =>
        Spread(Pair.Zip(Others, (p, o) => value(o) / value(p)), r => r, "F3");

    private static string Spread<T>(IEnumerable<T> samples, Func<T, double> value, string format)
    {
        var values = samples.Select(value).ToList();
        string F(double v) => v.ToString(format, CultureInfo.InvariantCulture);
        return $"{F(Median(values))} ({F(values.Min())}–{F(values.Max())})";
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
