using System.Diagnostics.Metrics;
using System.Text;

namespace Homelab.Server.Metrics;

/// <summary>
/// Listens to every Homelab meter of this host (created by its <see cref="IMeterFactory"/>: another host in the same
/// process, as in tests, has meters of the same names) with a <see cref="MeterListener"/> and keeps, per instrument and label set, what the
/// Prometheus text format needs: a counter's running sum, a histogram's bucket counts, sum and count. Observable
/// instruments are read at scrape time only, so a Service that is gone leaves no stale series behind.
/// No reflection and no exporter library: see docs/decisions/0130-metrics-exposition.md.
/// </summary>
internal sealed class MetricsCollector : IDisposable
{
    private const string MeterPrefix = "Homelab.";
    private static readonly double[] DefaultBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    // _gate guards the counters and histograms (held briefly, never while calling out); _scrape serializes scrapes.
    private readonly Lock _gate = new();
    private readonly Lock _scrape = new();
    private readonly MeterListener _listener = new();
    private readonly Dictionary<Instrument, Series> _series = [];
    private Dictionary<Instrument, Series>? _observed;
    private volatile int _scraper;

    /// <param name="sources">Instantiated so their instruments exist before the first scrape.</param>
    public MetricsCollector(IEnumerable<IMetricsSource> sources, IMeterFactory meterFactory)
    {
        _ = sources.ToList();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name.StartsWith(MeterPrefix, StringComparison.Ordinal) && ReferenceEquals(instrument.Meter.Scope, meterFactory))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<int>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i, v, tags));
        _listener.Start();
    }

    /// <summary>Reads the observable instruments and writes every series in the Prometheus text format 0.0.4.</summary>
    public void WriteTo(StringBuilder text)
    {
        lock (_scrape)
        {
            // The observable callbacks run on this thread and may take other locks (a work queue's, to read its depth)
            // whose holders record counters meanwhile: so no lock of ours is held while they run, and what they
            // report goes to this scrape's own table, which only this thread touches.
            var observed = new Dictionary<Instrument, Series>();
            _observed = observed;
            _scraper = Environment.CurrentManagedThreadId;
            try
            {
                _listener.RecordObservableInstruments();
            }
            finally
            {
                _scraper = 0;
                _observed = null;
            }
            lock (_gate)
            {
                var all = _series.Concat(observed)
                    .GroupBy(s => s.Key.Name, StringComparer.Ordinal)
                    .OrderBy(g => g.Key, StringComparer.Ordinal);
                foreach (var family in all)
                {
                    var first = family.First();
                    PrometheusText.WriteFamily(text, family.Key, first.Key.Description, first.Value.Type, family.SelectMany(s => s.Value.Points));
                }
            }
        }
    }

    public void Dispose() => _listener.Dispose();

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var labels = PrometheusText.Labels(tags);
        if (instrument.IsObservable)
        {
            // Only WriteTo's thread asks for observables; anything else is not a scrape of ours.
            if (_scraper == Environment.CurrentManagedThreadId && _observed is { } observed)
            {
                Get(observed, instrument).Set(labels, value);
            }
            return;
        }
        lock (_gate)
        {
            var series = Get(_series, instrument);
            if (series.Type == MetricType.Histogram)
            {
                series.Observe(labels, value);
            }
            else
            {
                series.Add(labels, value);
            }
        }
    }

    private static Series Get(Dictionary<Instrument, Series> all, Instrument instrument)
    {
        if (!all.TryGetValue(instrument, out var series))
        {
            all[instrument] = series = new Series(TypeOf(instrument), BucketsOf(instrument));
        }
        return series;
    }

    private static MetricType TypeOf(Instrument instrument) => instrument switch
    {
        Counter<long> or Counter<int> or Counter<double> or ObservableCounter<long> or ObservableCounter<int> or ObservableCounter<double> => MetricType.Counter,
        Histogram<long> or Histogram<int> or Histogram<double> => MetricType.Histogram,
        _ => MetricType.Gauge,
    };

    private static double[] BucketsOf(Instrument instrument) => instrument switch
    {
        Histogram<double> { Advice.HistogramBucketBoundaries: { Count: > 0 } buckets } => [.. buckets],
        _ => DefaultBuckets,
    };

    /// <summary>The series of one instrument, by label set (already rendered as Prometheus label text).</summary>
    private sealed class Series(MetricType type, double[] buckets)
    {
        private readonly SortedDictionary<string, double> _values = new(StringComparer.Ordinal);
        private readonly SortedDictionary<string, Histogram> _histograms = new(StringComparer.Ordinal);

        public MetricType Type => type;

        public IEnumerable<MetricPoint> Points => type == MetricType.Histogram
            ? _histograms.Select(h => new MetricPoint(h.Key, 0, h.Value))
            : _values.Select(v => new MetricPoint(v.Key, v.Value, null));

        public void Add(string labels, double value) => _values[labels] = _values.GetValueOrDefault(labels) + value;

        public void Set(string labels, double value) => _values[labels] = value;

        public void Observe(string labels, double value)
        {
            if (!_histograms.TryGetValue(labels, out var histogram))
            {
                _histograms[labels] = histogram = new Histogram(buckets);
            }
            histogram.Observe(value);
        }
    }
}
