using System.Collections.Concurrent;
using Homelab.Operator.Metrics;
using Homelab.Operator.Queue;
using Homelab.Store;
using Microsoft.Extensions.Logging;

namespace Homelab.Operator.Runtime;

/// <summary>
/// Everything one controller needs at run time: its informers (list, then watch, per watched kind), its work queue, its
/// workers and its resync timer. Two ways to drive it: <see cref="RunAsync"/> for the daemon (background loops), or
/// <see cref="Start"/> + <see cref="PumpWatches"/> + <see cref="TryProcessOneAsync"/> for deterministic tests.
/// </summary>
internal sealed class ControllerRunner : IDisposable
{
    private readonly ControllerOptions _options;
    private readonly OperatorOptions _operatorOptions;
    private readonly IResourceStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly IReconciler _reconciler;
    private readonly ControllerMetrics? _metrics;
    private readonly string? _primaryKind;
    private readonly ObjectKey? _aggregateKey;
    private readonly List<KindInformer> _informers = [];
    private readonly KindInformer? _primaryInformer;
    private readonly IReadOnlyList<IExternalWatch> _externalWatches;
    // Keys whose last result was a terminal failure: resync leaves them alone until the object changes.
    private readonly ConcurrentDictionary<ObjectKey, byte> _terminal = new();
    private ITimer? _resyncTimer;
    private long _nextResyncTicks = long.MaxValue;
    // 1 while the aggregate key owes a look at the real world: from the start, after a resync, after a failed run.
    private int _aggregateResyncDue = 1;

    public ControllerRunner(
        ControllerOptions options,
        OperatorOptions operatorOptions,
        string? primaryKind,
        Func<OwnWriter, IReconciler> createReconciler,
        IReadOnlyList<IExternalWatch> externalWatches,
        IResourceStore store,
        IResourceClient client,
        TimeProvider time,
        ILogger logger,
        ControllerMetrics? metrics = null)
    {
        _options = options;
        _operatorOptions = operatorOptions;
        _store = store;
        _time = time;
        _logger = logger;
        _primaryKind = primaryKind;
        _externalWatches = externalWatches;
        _aggregateKey = primaryKind is null ? AggregateKey.For(options.Name) : null;
        Queue = new WorkQueue<ObjectKey>(time, new BackoffPolicy(operatorOptions.BackoffInitial, operatorOptions.BackoffMax));
        _metrics = metrics;
        if (metrics is not null)
        {
            Queue.ReportTo(metrics.ForQueue(options.Name, options.Workers, Queue));
        }
        if (primaryKind is not null)
        {
            _primaryInformer = new KindInformer(store, primaryKind, OnPrimaryChange, logger);
            _informers.Add(_primaryInformer);
        }
        foreach (var watch in options.SecondaryWatches)
        {
            _informers.Add(new KindInformer(store, watch.Kind, (change, changed) => OnSecondaryChange(watch, change, changed, client), logger));
        }
        _reconciler = createReconciler(commit => _primaryInformer is null ? commit() : _primaryInformer.WriteOwn(commit));
    }

    public string Name => _options.Name;

    internal WorkQueue<ObjectKey> Queue { get; }

    /// <summary>When the resync timer fires next (null when resync is off), so a fake clock can be stepped to it.</summary>
    public DateTimeOffset? NextResync
    {
        get
        {
            var ticks = Interlocked.Read(ref _nextResyncTicks);
            return ticks == long.MaxValue ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
        }
    }

    /// <summary>Daemon mode: informers and workers run until <paramref name="cancellationToken"/> fires. Never throws for one key's failure.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await Task.Yield();
        _logger.ControllerStarting(_options.Name, _options.Workers);
        StartResync();
        EnqueueAggregate();
        var loops = _informers.Select(i => i.RunAsync(_operatorOptions.WatchRestartDelay, _time, cancellationToken))
            .Concat(_externalWatches.Select(w => WatchExternalAsync(w, cancellationToken)))
            .Concat(Enumerable.Range(0, _options.Workers).Select(_ => WorkAsync(cancellationToken)))
            .ToList();
        try
        {
            await Task.WhenAll(loops).ConfigureAwait(false);
        }
        finally
        {
            Queue.ShutDown();
            _logger.ControllerStopped(_options.Name);
        }
    }

    /// <summary>Test mode: lists every watched kind and enqueues what it finds, opens the watches and starts the resync timer.</summary>
    public void Start()
    {
        foreach (var informer in _informers)
        {
            informer.Restart();
        }
        EnqueueAggregate();
        StartResync();
    }

    /// <summary>Test mode: handles every watch event already delivered. True when anything was read.</summary>
    public bool PumpWatches()
    {
        var any = false;
        foreach (var informer in _informers)
        {
            any |= informer.Pump();
        }
        return any;
    }

    /// <summary>Test mode: reconciles the next ready key, if any, to completion.</summary>
    public async Task<bool> TryProcessOneAsync(CancellationToken cancellationToken)
    {
        if (!Queue.TryGet(out var key))
        {
            return false;
        }
        await ProcessAsync(key, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Re-enqueues every object of the controller's kind (or its aggregate key), except terminal failures.</summary>
    public void Resync()
    {
        if (_aggregateKey is { } aggregate)
        {
            Interlocked.Exchange(ref _aggregateResyncDue, 1);
            EnqueueUnlessTerminal(aggregate);
            return;
        }
        foreach (var item in _store.List(_primaryKind!).Items)
        {
            EnqueueUnlessTerminal(item.Key);
        }
    }

    public void Dispose()
    {
        _metrics?.Unregister(_options.Name);
        _resyncTimer?.Dispose();
        foreach (var informer in _informers)
        {
            informer.Dispose();
        }
        Queue.Dispose();
    }

    /// <summary>
    /// Reads one external watch for as long as the controller runs. A watch that ended or failed is opened again after
    /// WatchRestartDelay, followed by a resync: whatever happened while it was closed is otherwise missed. The delay
    /// doubles (up to BackoffMax) while the watch keeps failing without delivering anything, so a source that cannot
    /// work here (say, podman without an events log) does not turn into a resync every second.
    /// </summary>
    private async Task WatchExternalAsync(IExternalWatch watch, CancellationToken cancellationToken)
    {
        var reopened = false;
        var delay = _operatorOptions.WatchRestartDelay;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (reopened)
                {
                    Resync();
                }
                await foreach (var key in watch.WatchAsync(cancellationToken).ConfigureAwait(false))
                {
                    delay = _operatorOptions.WatchRestartDelay;
                    var target = _aggregateKey ?? key;
                    // A key retried with back-off is looked at then anyway; an event now (often the controller's own
                    // clean-up of its failed attempt) must not cut the back-off short.
                    if (Queue.Failures(target) == 0)
                    {
                        EnqueueUnlessTerminal(target);
                    }
                }
                _logger.ExternalWatchEnded(_options.Name, watch.GetType().Name);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                _logger.ExternalWatchFailed(e, _options.Name, watch.GetType().Name);
            }
            reopened = true;
            try
            {
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            delay = delay * 2 < _operatorOptions.BackoffMax ? delay * 2 : _operatorOptions.BackoffMax;
        }
    }

    private async Task WorkAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            ObjectKey key;
            try
            {
                key = await Queue.GetAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            await ProcessAsync(key, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task ProcessAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        using var logScope = _logger.BeginScope(new Dictionary<string, object>
        {
            ["Controller"] = _options.Name,
            ["Kind"] = key.Kind,
            ["Namespace"] = key.Namespace,
            ["Name"] = key.Name,
        });
        using var context = ReconcileContext.Enter(_options.Name);
        var started = _time.GetTimestamp();
        var resync = key == _aggregateKey && Interlocked.Exchange(ref _aggregateResyncDue, 0) == 1;
        var succeeded = false;
        _metrics?.WorkerStarted(_options.Name);
        try
        {
            var result = await _reconciler.ReconcileAsync(key, resync, cancellationToken).ConfigureAwait(false);
            succeeded = result.IsSuccess;
            // The object reconciler turns a controller's exception into these reasons; controller-runtime counts them as panics.
            _metrics?.Reconciled(_options.Name, ResultLabel(result), _time.GetElapsedTime(started), terminal: result.IsTerminal,
                panicked: result.FailureReason is FailureReasons.ReconcileError or FailureReasons.FinalizeError);
            Apply(key, result);
            _logger.Reconciled(key.Kind, key.Namespace, key.Name, _time.GetElapsedTime(started));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down: the next start lists everything again.
        }
        catch (Exception e)
        {
            // A failure of the framework itself (say, the store refused a write): retried like any failure.
            _metrics?.Reconciled(_options.Name, ReconcileResults.Error, _time.GetElapsedTime(started), panicked: true);
            var delay = Queue.AddRateLimited(key);
            _logger.ProcessFailed(e, _options.Name, key.Kind, key.Namespace, key.Name, delay);
        }
        finally
        {
            _metrics?.WorkerFinished(_options.Name);
            if (resync && !succeeded)
            {
                Interlocked.Exchange(ref _aggregateResyncDue, 1);
            }
            Queue.Done(key);
        }
    }

    private static string ResultLabel(ReconcileResult result) => result switch
    {
        { IsSuccess: false } => ReconcileResults.Error,
        { RequeueAfter: not null } => ReconcileResults.RequeueAfter,
        _ => ReconcileResults.Success,
    };

    private void Apply(ObjectKey key, ReconcileResult result)
    {
        if (result.IsSuccess)
        {
            Queue.Forget(key);
            _terminal.TryRemove(key, out _);
            if (result.RequeueAfter is { } after)
            {
                Queue.AddAfter(key, after);
            }
            return;
        }
        if (result.IsTerminal)
        {
            Queue.Forget(key);
            _terminal[key] = 0;
            return;
        }
        _terminal.TryRemove(key, out _);
        if (result.RequeueAfter is { } retryAfter)
        {
            Queue.AddAfter(key, retryAfter);
            return;
        }
        var delay = Queue.AddRateLimited(key);
        _logger.Retrying(key.Kind, key.Namespace, key.Name, delay);
    }

    private void OnPrimaryChange(ChangeKind change, StoredObject changed)
    {
        if (change != ChangeKind.StatusOnly)
        {
            Enqueue(changed.Key);
        }
    }

    private void OnSecondaryChange(SecondaryWatch watch, ChangeKind change, StoredObject changed, IResourceClient client)
    {
        if (change == ChangeKind.StatusOnly && !watch.IncludeStatus)
        {
            return;
        }
        if (watch.Mapper is null)
        {
            Enqueue(_aggregateKey!.Value);
            return;
        }
        try
        {
            foreach (var key in watch.Mapper(changed, client))
            {
                Enqueue(key);
            }
        }
        catch (Exception e)
        {
            _logger.MapperFailed(e, _options.Name, watch.Kind, changed.Key.Namespace, changed.Key.Name);
        }
    }

    private void Enqueue(ObjectKey key)
    {
        _terminal.TryRemove(key, out _);
        Queue.Add(key);
    }

    private void EnqueueUnlessTerminal(ObjectKey key)
    {
        if (!_terminal.ContainsKey(key))
        {
            Queue.Add(key);
        }
    }

    private void EnqueueAggregate()
    {
        if (_aggregateKey is { } aggregate)
        {
            Queue.Add(aggregate);
        }
    }

    private void StartResync()
    {
        if (!_operatorOptions.ResyncEnabled || _resyncTimer is not null)
        {
            return;
        }
        var period = _operatorOptions.ResyncPeriod;
        Interlocked.Exchange(ref _nextResyncTicks, (_time.GetUtcNow() + period).UtcTicks);
        _resyncTimer = _time.CreateTimer(_ =>
        {
            Interlocked.Exchange(ref _nextResyncTicks, (_time.GetUtcNow() + period).UtcTicks);
            // A timer callback that throws takes the process down; a failed resync just waits for the next one.
            try
            {
                Resync();
            }
            catch (Exception e)
            {
                _logger.ResyncFailed(e, _options.Name);
            }
        }, null, period, period);
    }
}
