using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Homelab.Operator.Metrics;

/// <summary>
/// controller-runtime's reconcile and work-queue metrics, under its own names so the alerts people already have for
/// Kubernetes operators work unchanged (<c>pkg/internal/controller/metrics</c>, <c>pkg/metrics/workqueue.go</c>).
/// One instance per host; every controller's runner and queue report into it, tagged with the controller's name.
/// </summary>
public sealed class ControllerMetrics
{
    /// <summary>The meter every instrument here belongs to.</summary>
    public const string MeterName = "Homelab.Operator";

    // controller-runtime's reconcile_time buckets: 0.005 s … 60 s, then a few long ones for slow podman pulls.
    private static readonly double[] ReconcileBuckets =
        [0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5, 5, 6, 7, 8, 9, 10, 15, 20, 25, 30, 40, 50, 60];

    // client-go's work-queue buckets: 1e-8 s · 10^k for k = 0…11.
    private static readonly double[] QueueBuckets = [1e-8, 1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1, 10, 100, 1000];

    private readonly ConcurrentDictionary<string, IWorkQueueGauges> _queues = new();
    private readonly ConcurrentDictionary<string, int> _activeWorkers = new();
    private readonly ConcurrentDictionary<string, int> _maxWorkers = new();
    private readonly Counter<long> _reconciles;
    private readonly Counter<long> _errors;
    private readonly Counter<long> _terminalErrors;
    private readonly Counter<long> _panics;
    private readonly Histogram<double> _reconcileTime;
    private readonly Counter<long> _adds;
    private readonly Counter<long> _retries;
    private readonly Histogram<double> _queueDuration;
    private readonly Histogram<double> _workDuration;

    public ControllerMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _reconciles = meter.CreateCounter<long>("controller_runtime_reconcile_total", description: "Total number of reconciliations per controller");
        _errors = meter.CreateCounter<long>("controller_runtime_reconcile_errors_total", description: "Total number of reconciliation errors per controller");
        _terminalErrors = meter.CreateCounter<long>("controller_runtime_terminal_reconcile_errors_total", description: "Total number of terminal reconciliation errors per controller");
        _panics = meter.CreateCounter<long>("controller_runtime_reconcile_panics_total", description: "Total number of reconciliation panics (unhandled exceptions) per controller");
        _reconcileTime = meter.CreateHistogram("controller_runtime_reconcile_time_seconds", "s", "Length of time per reconciliation per controller",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = ReconcileBuckets });
        meter.CreateObservableGauge("controller_runtime_active_workers", () => Each(_activeWorkers), description: "Number of currently used workers per controller");
        meter.CreateObservableGauge("controller_runtime_max_concurrent_reconciles", () => Each(_maxWorkers), description: "Maximum number of concurrent reconciles per controller");
        _adds = meter.CreateCounter<long>("workqueue_adds_total", description: "Total number of adds handled by workqueue");
        _retries = meter.CreateCounter<long>("workqueue_retries_total", description: "Total number of retries handled by workqueue");
        _queueDuration = meter.CreateHistogram("workqueue_queue_duration_seconds", "s", "How long in seconds an item stays in workqueue before being requested",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = QueueBuckets });
        _workDuration = meter.CreateHistogram("workqueue_work_duration_seconds", "s", "How long in seconds processing an item from workqueue takes",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = QueueBuckets });
        meter.CreateObservableGauge("workqueue_depth", () => Queues(q => q.Depth), description: "Current depth of workqueue");
        meter.CreateObservableGauge("workqueue_unfinished_work_seconds", () => Queues(q => q.UnfinishedWork.TotalSeconds),
            description: "How many seconds of work has been done that is in progress and hasn't been observed by work_duration");
        meter.CreateObservableGauge("workqueue_longest_running_processor_seconds", () => Queues(q => q.LongestRunning.TotalSeconds),
            description: "How many seconds has the longest running processor for workqueue been running");
    }

    /// <summary>Registers a controller's queue for the gauges and returns the callbacks its queue reports through.</summary>
    internal WorkQueueMetrics ForQueue(string controller, int workers, IWorkQueueGauges gauges)
    {
        _queues[controller] = gauges;
        _maxWorkers[controller] = workers;
        _activeWorkers.TryAdd(controller, 0);
        return new WorkQueueMetrics(this, controller);
    }

    internal void Unregister(string controller)
    {
        _queues.TryRemove(controller, out _);
        _maxWorkers.TryRemove(controller, out _);
        _activeWorkers.TryRemove(controller, out _);
    }

    internal void WorkerStarted(string controller) => _activeWorkers.AddOrUpdate(controller, 1, static (_, n) => n + 1);

    internal void WorkerFinished(string controller) => _activeWorkers.AddOrUpdate(controller, 0, static (_, n) => Math.Max(0, n - 1));

    /// <summary>One finished reconcile: <paramref name="result"/> is controller-runtime's success, error, requeue or requeue_after.</summary>
    internal void Reconciled(string controller, string result, TimeSpan elapsed, bool terminal = false, bool panicked = false)
    {
        var tag = Controller(controller);
        _reconciles.Add(1, tag, new("result", result));
        if (result == ReconcileResults.Error)
        {
            _errors.Add(1, tag);
        }
        if (terminal)
        {
            _terminalErrors.Add(1, tag);
        }
        if (panicked)
        {
            _panics.Add(1, tag);
        }
        _reconcileTime.Record(elapsed.TotalSeconds, tag);
    }

    internal void Added(string controller) => _adds.Add(1, Queue(controller), Controller(controller));

    internal void Retried(string controller) => _retries.Add(1, Queue(controller), Controller(controller));

    internal void Waited(string controller, TimeSpan waited) => _queueDuration.Record(waited.TotalSeconds, Queue(controller), Controller(controller));

    internal void Worked(string controller, TimeSpan worked) => _workDuration.Record(worked.TotalSeconds, Queue(controller), Controller(controller));

    private static KeyValuePair<string, object?> Controller(string name) => new("controller", name);

    private static KeyValuePair<string, object?> Queue(string name) => new("name", name);

    private static IEnumerable<Measurement<int>> Each(ConcurrentDictionary<string, int> values) =>
        values.Select(v => new Measurement<int>(v.Value, Controller(v.Key)));

    private IEnumerable<Measurement<double>> Queues(Func<IWorkQueueGauges, double> read) =>
        _queues.Select(q => new Measurement<double>(read(q.Value), Queue(q.Key), Controller(q.Key)));
}
