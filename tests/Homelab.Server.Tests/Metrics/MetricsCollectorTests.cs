using System.Diagnostics.Metrics;
using System.Text;
using Homelab.Server.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace Homelab.Server.Tests.Metrics;

public sealed class MetricsCollectorTests
{
    [Fact]
    public async Task Counters_histograms_and_gauges_are_written_in_the_text_format()
    {
        using var host = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = host.GetRequiredService<IMeterFactory>();
        var meter = factory.Create("Homelab.Test");
        using var collector = new MetricsCollector([], factory);
        var counter = meter.CreateCounter<long>("test_things_total", description: "Things");
        var histogram = meter.CreateHistogram("test_wait_seconds", "s", "Waits", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 1] });
        var gauge = 7;
        meter.CreateObservableGauge("test_level", () => gauge, description: "Level \\ with \"quotes\"");
        counter.Add(2, new KeyValuePair<string, object?>("kind", "a\"b"));
        counter.Add(1, new KeyValuePair<string, object?>("kind", "a\"b"));
        histogram.Record(0.05);
        histogram.Record(0.5);
        histogram.Record(5);

        var text = new StringBuilder();
        collector.WriteTo(text);
        var scraped = new ScrapedMetrics(text.ToString());

        Assert.Equal(3, scraped.Value("test_things_total{kind=\"a\\\"b\"}"));
        Assert.Equal(1, scraped.Value("test_wait_seconds_bucket{le=\"0.1\"}"));
        Assert.Equal(2, scraped.Value("test_wait_seconds_bucket{le=\"1\"}"));
        Assert.Equal(3, scraped.Value("test_wait_seconds_bucket{le=\"+Inf\"}"));
        Assert.Equal(5.55, scraped.Value("test_wait_seconds_sum"), 6);
        Assert.Equal(7, scraped.Value("test_level"));
        Assert.Contains("# TYPE test_wait_seconds histogram\n", text.ToString(), StringComparison.Ordinal);
        await Promtool.CheckMetricsAsync(text.ToString());
    }

    [Fact]
    public void Meters_of_another_host_in_the_same_process_are_not_collected()
    {
        using var ours = new ServiceCollection().AddMetrics().BuildServiceProvider();
        using var theirs = new ServiceCollection().AddMetrics().BuildServiceProvider();
        using var collector = new MetricsCollector([], ours.GetRequiredService<IMeterFactory>());
        ours.GetRequiredService<IMeterFactory>().Create("Homelab.Same").CreateCounter<long>("test_same_total").Add(1);
        theirs.GetRequiredService<IMeterFactory>().Create("Homelab.Same").CreateCounter<long>("test_same_total").Add(5);

        var text = new StringBuilder();
        collector.WriteTo(text);

        Assert.Equal(1, new ScrapedMetrics(text.ToString()).Value("test_same_total"));
    }

    [Fact]
    public async Task A_gauge_callback_waiting_on_a_lock_whose_holder_records_a_counter_does_not_deadlock_the_scrape()
    {
        // The shape of a work queue: it records workqueue_adds_total inside its lock, and workqueue_depth's callback takes that lock.
        using var host = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = host.GetRequiredService<IMeterFactory>();
        using var collector = new MetricsCollector([], factory);
        var meter = factory.Create("Homelab.Queue");
        var adds = meter.CreateCounter<long>("test_adds_total");
        var queueLock = new object();
        using var holding = new ManualResetEventSlim();
        using var inCallback = new ManualResetEventSlim();
        meter.CreateObservableGauge("test_depth", () =>
        {
            inCallback.Set();
            lock (queueLock)
            {
                return 1;
            }
        });

        var queue = Task.Run(() =>
        {
            lock (queueLock)
            {
                holding.Set();
                Assert.True(inCallback.Wait(TimeSpan.FromSeconds(10)));
                adds.Add(1);
            }
        });
        var text = new StringBuilder();
        var scrape = Task.Run(() =>
        {
            Assert.True(holding.Wait(TimeSpan.FromSeconds(10)));
            collector.WriteTo(text);
        });
        await Task.WhenAll(queue, scrape).WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(1, new ScrapedMetrics(text.ToString()).Value("test_depth"));
    }
}
