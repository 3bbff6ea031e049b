using Homelab.Operator.Metrics;

namespace Homelab.Operator.Queue;

/// <summary>
/// client-go's rate-limited delaying work queue. A key is either waiting (in the dirty set, and in the ready queue when
/// nobody is processing it) or being processed, never both handed out at once: adds while it is processed only mark it
/// dirty, and <see cref="Done"/> puts it back once, however many adds arrived. Delayed adds keep the earliest due time.
/// All timing comes from the injected <see cref="TimeProvider"/>, so tests drive it with a fake clock.
/// </summary>
internal sealed class WorkQueue<TKey> : IWorkQueueGauges, IDisposable where TKey : notnull
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly BackoffPolicy _backoff;
    private readonly Queue<TKey> _ready = new();
    private readonly HashSet<TKey> _dirty = [];
    private readonly HashSet<TKey> _processing = [];
    private readonly Dictionary<TKey, DateTimeOffset> _delayed = [];
    private readonly Dictionary<TKey, int> _failures = [];
    private readonly Queue<TaskCompletionSource<TKey>> _waiters = new();
    // When each dirty key was added and each processed key handed out (TimeProvider timestamps), for the metrics.
    private readonly Dictionary<TKey, long> _addedAt = [];
    private readonly Dictionary<TKey, long> _startedAt = [];
    private readonly ITimer _timer;
    private WorkQueueMetrics _metrics = WorkQueueMetrics.None;
    private bool _shutDown;

    public WorkQueue(TimeProvider time, BackoffPolicy backoff)
    {
        _time = time;
        _backoff = backoff;
        _timer = time.CreateTimer(static state => ((WorkQueue<TKey>)state!).PromoteDueKeys(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Keys waiting to be handed out now (not counting delayed or in-process ones).</summary>
    public int ReadyCount
    {
        get
        {
            lock (_gate)
            {
                return _ready.Count;
            }
        }
    }

    int IWorkQueueGauges.Depth => ReadyCount;

    TimeSpan IWorkQueueGauges.UnfinishedWork
    {
        get
        {
            lock (_gate)
            {
                var total = TimeSpan.Zero;
                foreach (var started in _startedAt.Values)
                {
                    total += _time.GetElapsedTime(started);
                }
                return total;
            }
        }
    }

    TimeSpan IWorkQueueGauges.LongestRunning
    {
        get
        {
            lock (_gate)
            {
                return _startedAt.Count == 0 ? TimeSpan.Zero : _time.GetElapsedTime(_startedAt.Values.Min());
            }
        }
    }

    /// <summary>Sets where adds, waits, work and retries are reported; called once, before the queue is used.</summary>
    public void ReportTo(WorkQueueMetrics metrics) => _metrics = metrics;

    public int ProcessingCount
    {
        get
        {
            lock (_gate)
            {
                return _processing.Count;
            }
        }
    }

    /// <summary>When the earliest delayed key falls due, or null when none waits.</summary>
    public DateTimeOffset? NextDue
    {
        get
        {
            lock (_gate)
            {
                return EarliestDueLocked();
            }
        }
    }

    public bool IsShutDown
    {
        get
        {
            lock (_gate)
            {
                return _shutDown;
            }
        }
    }

    public void Add(TKey key)
    {
        lock (_gate)
        {
            AddLocked(key);
        }
    }

    /// <summary>Adds the key once <paramref name="delay"/> has passed. When it already waits, the earlier time wins.</summary>
    public void AddAfter(TKey key, TimeSpan delay)
    {
        lock (_gate)
        {
            if (_shutDown)
            {
                return;
            }
            if (delay <= TimeSpan.Zero)
            {
                AddLocked(key);
                return;
            }
            var due = _time.GetUtcNow() + delay;
            if (_delayed.TryGetValue(key, out var existing) && existing <= due)
            {
                return;
            }
            _delayed[key] = due;
            RescheduleLocked();
        }
    }

    /// <summary>Adds the key after its next backoff step (each call without <see cref="Forget"/> doubles it, up to the cap).</summary>
    public TimeSpan AddRateLimited(TKey key)
    {
        TimeSpan delay;
        lock (_gate)
        {
            var failures = _failures.GetValueOrDefault(key);
            _failures[key] = failures + 1;
            delay = _backoff.Delay(failures);
        }
        _metrics.Retried();
        AddAfter(key, delay);
        return delay;
    }

    /// <summary>Resets the key's backoff; call it after a success. Does not drop a pending delayed add.</summary>
    public void Forget(TKey key)
    {
        lock (_gate)
        {
            _failures.Remove(key);
        }
    }

    /// <summary>How many rate-limited adds the key had since it was last forgotten.</summary>
    public int Failures(TKey key)
    {
        lock (_gate)
        {
            return _failures.GetValueOrDefault(key);
        }
    }

    /// <summary>Hands out the next key, waiting for one. Throws <see cref="OperationCanceledException"/> once shut down.</summary>
    public async Task<TKey> GetAsync(CancellationToken cancellationToken)
    {
        TaskCompletionSource<TKey> waiter;
        lock (_gate)
        {
            if (TryTakeLocked(out var key))
            {
                return key;
            }
            if (_shutDown)
            {
                throw new OperationCanceledException("the work queue is shut down");
            }
            // Continuations run asynchronously so a worker never resumes inside this queue's lock.
            waiter = new TaskCompletionSource<TKey>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Enqueue(waiter);
        }
        await using (cancellationToken.Register(static state => ((TaskCompletionSource<TKey>)state!).TrySetCanceled(), waiter))
        {
            return await waiter.Task.ConfigureAwait(false);
        }
    }

    /// <summary>Takes the next ready key without waiting (the test harness processes keys one at a time).</summary>
    public bool TryGet(out TKey key)
    {
        lock (_gate)
        {
            return TryTakeLocked(out key);
        }
    }

    /// <summary>Ends processing of a key; if it was added meanwhile it becomes ready again, once.</summary>
    public void Done(TKey key)
    {
        lock (_gate)
        {
            if (!_processing.Remove(key))
            {
                throw new InvalidOperationException($"work queue key {key} was not being processed");
            }
            if (_startedAt.Remove(key, out var started))
            {
                _metrics.Worked(_time.GetElapsedTime(started));
            }
            if (_dirty.Contains(key) && !_shutDown)
            {
                HandOutOrEnqueueLocked(key);
            }
        }
    }

    /// <summary>Stops handing out keys; waiting <see cref="GetAsync"/> calls are cancelled and later adds are ignored.</summary>
    public void ShutDown()
    {
        TaskCompletionSource<TKey>[] waiters;
        lock (_gate)
        {
            _shutDown = true;
            waiters = [.. _waiters];
            _waiters.Clear();
            _delayed.Clear();
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
        foreach (var waiter in waiters)
        {
            waiter.TrySetCanceled();
        }
    }

    public void Dispose()
    {
        ShutDown();
        _timer.Dispose();
    }

    private void AddLocked(TKey key)
    {
        if (_shutDown || !_dirty.Add(key))
        {
            return;
        }
        _addedAt[key] = _time.GetTimestamp();
        _metrics.Added();
        if (!_processing.Contains(key))
        {
            HandOutOrEnqueueLocked(key);
        }
    }

    private void HandOutOrEnqueueLocked(TKey key)
    {
        while (_waiters.TryDequeue(out var waiter))
        {
            _dirty.Remove(key);
            _processing.Add(key);
            if (waiter.TrySetResult(key))
            {
                StartedLocked(key);
                return;
            }
            // That waiter was cancelled; undo and try the next one.
            _processing.Remove(key);
            _dirty.Add(key);
        }
        _ready.Enqueue(key);
    }

    private bool TryTakeLocked(out TKey key)
    {
        if (!_shutDown && _ready.TryDequeue(out key!))
        {
            _dirty.Remove(key);
            _processing.Add(key);
            StartedLocked(key);
            return true;
        }
        key = default!;
        return false;
    }

    private void StartedLocked(TKey key)
    {
        var now = _time.GetTimestamp();
        if (_addedAt.Remove(key, out var added))
        {
            _metrics.Waited(_time.GetElapsedTime(added, now));
        }
        _startedAt[key] = now;
    }

    private void PromoteDueKeys()
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            // A linear scan: a home server's queue holds tens to hundreds of keys, not millions.
            List<TKey>? due = null;
            foreach (var (key, at) in _delayed)
            {
                if (at <= now)
                {
                    (due ??= []).Add(key);
                }
            }
            if (due is not null)
            {
                foreach (var key in due)
                {
                    _delayed.Remove(key);
                    AddLocked(key);
                }
            }
            RescheduleLocked();
        }
    }

    private DateTimeOffset? EarliestDueLocked()
    {
        DateTimeOffset? earliest = null;
        foreach (var at in _delayed.Values)
        {
            if (earliest is null || at < earliest)
            {
                earliest = at;
            }
        }
        return earliest;
    }

    private void RescheduleLocked()
    {
        if (_shutDown)
        {
            return;
        }
        var earliest = EarliestDueLocked();
        if (earliest is null)
        {
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            return;
        }
        // Never a zero due time: a fake clock would fire the callback synchronously, re-entering this lock mid-update.
        var wait = earliest.Value - _time.GetUtcNow();
        _timer.Change(wait > TimeSpan.Zero ? wait : TimeSpan.FromTicks(1), Timeout.InfiniteTimeSpan);
    }
}
