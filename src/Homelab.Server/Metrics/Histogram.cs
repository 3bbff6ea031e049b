namespace Homelab.Server.Metrics;

/// <summary>A Prometheus histogram: per upper bound the count of observations at or below it, plus sum and count.</summary>
internal sealed class Histogram(double[] bounds)
{
    private readonly long[] _counts = new long[bounds.Length];

    public IReadOnlyList<double> Bounds => bounds;

    public double Sum { get; private set; }

    public long Count { get; private set; }

    /// <summary>Cumulative count for bucket <paramref name="index"/> (observations ≤ its bound).</summary>
    public long CumulativeCount(int index)
    {
        long total = 0;
        for (var i = 0; i <= index; i++)
        {
            total += _counts[i];
        }
        return total;
    }

    public void Observe(double value)
    {
        Sum += value;
        Count++;
        var index = Array.FindIndex(bounds, b => value <= b);
        if (index >= 0)
        {
            _counts[index]++;
        }
    }
}
