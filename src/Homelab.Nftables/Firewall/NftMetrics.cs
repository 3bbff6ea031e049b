using System.Diagnostics.Metrics;

namespace Homelab.Nftables.Firewall;

/// <summary>
/// Firewall loads by result (<c>homelab_firewall_loads_total{result=loaded|updated|unchanged|failed}</c>) and how long nft
/// commands take (<c>homelab_nft_command_duration_seconds{command}</c>).
/// </summary>
internal sealed class NftMetrics
{
    public const string MeterName = "Homelab.Nftables";

    private static readonly double[] Buckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

    private readonly Counter<long> _loads;
    private readonly Histogram<double> _duration;

    public NftMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _loads = meter.CreateCounter<long>("homelab_firewall_loads_total", description: "Firewall apply attempts by result: loaded (in full), updated (in place), unchanged (nothing to load) or failed");
        _duration = meter.CreateHistogram("homelab_nft_command_duration_seconds", "s", "Duration of nft commands run by homelabd, by command (check, load, list, version)",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = Buckets });
    }

    public void Applied(string result) => _loads.Add(1, new KeyValuePair<string, object?>("result", result));

    public void Ran(string command, TimeSpan elapsed) => _duration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("command", command));
}
