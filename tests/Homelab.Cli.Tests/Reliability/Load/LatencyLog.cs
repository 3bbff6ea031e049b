using System.Collections.Concurrent;

namespace Homelab.Cli.Tests.Reliability.Load;

/// <summary>Latencies per kind of operation, from many clients at once, and the percentiles the figures report.</summary>
internal sealed class LatencyLog
{
    private readonly ConcurrentDictionary<string, ConcurrentBag<double>> _milliseconds = new(StringComparer.Ordinal);

    public void Add(string operation, TimeSpan took) => _milliseconds.GetOrAdd(operation, _ => []).Add(took.TotalMilliseconds);

    public int Count => _milliseconds.Values.Sum(v => v.Count);

    public IEnumerable<string> Operations => _milliseconds.Keys.Order(StringComparer.Ordinal);

    public int CountOf(string operation) => _milliseconds.TryGetValue(operation, out var values) ? values.Count : 0;

    /// <summary>The nearest-rank percentile (0 &lt; p ≤ 100) of one operation's latencies, in ms.</summary>
    public double Percentile(string operation, double p)
    {
        var sorted = _milliseconds[operation].Order().ToArray();
        var rank = (int)Math.Ceiling(p / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
