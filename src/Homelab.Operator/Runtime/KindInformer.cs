using Homelab.Store;
using Microsoft.Extensions.Logging;

namespace Homelab.Operator.Runtime;

/// <summary>
/// Keeps one controller's view of one kind: lists it, then watches from the list's revision, and classifies every change
/// (<see cref="ChangeKind"/>) against what it saw last. When a watch ends (410 Gone, cut off, store closing) it lists
/// again and reports the difference, so a missed delete or update is still seen.
/// </summary>
internal sealed class KindInformer(IResourceStore store, string kind, Action<ChangeKind, StoredObject> onChange, ILogger logger) : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<ObjectKey, Seen> _seen = [];
    private IWatch? _watch;
    private long _revision;

    public string Kind => kind;

    /// <summary>Lists the kind, reports what differs from the last view, and opens a watch from the list's revision.</summary>
    public void Restart()
    {
        _watch?.Dispose();
        _watch = null;
        // Two attempts: compaction between our list and our watch is possible but cannot happen twice in a row in practice.
        for (var attempt = 1; ; attempt++)
        {
            Relist();
            try
            {
                _watch = store.Watch(kind, null, _revision);
                return;
            }
            catch (StoreException e) when (e.Code == 410 && attempt < 3)
            {
                logger.WatchCompacted(kind, _revision);
            }
        }
    }

    /// <summary>Handles every event already delivered without waiting; restarts when the watch has ended. True when anything was read.</summary>
    public bool Pump()
    {
        if (_watch is null)
        {
            Restart();
            return true;
        }
        var any = false;
        while (_watch.Events.TryRead(out var change))
        {
            Handle(change);
            any = true;
        }
        if (_watch.Events.Completion.IsCompleted)
        {
            LogWatchEnded(_watch.Events.Completion.Exception?.InnerException);
            Restart();
            any = true;
        }
        return any;
    }

    /// <summary>Lists, then follows the watch until cancelled; re-lists after <paramref name="restartDelay"/> when it ends.</summary>
    public async Task RunAsync(TimeSpan restartDelay, TimeProvider time, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                Restart();
                await foreach (var change in _watch!.Events.ReadAllAsync(cancellationToken).ConfigureAwait(false))
                {
                    Handle(change);
                }
                LogWatchEnded(null);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogWatchEnded(e);
            }
            try
            {
                await Task.Delay(restartDelay, time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Runs a write the controller makes itself (adding or removing its finalizer) and records its result, so that its
    /// watch event is not mistaken for someone else's change. The write happens under this informer's lock, so the
    /// event cannot be classified before the result is recorded.
    /// </summary>
    public WriteResult WriteOwn(Func<WriteResult> commit)
    {
        lock (_gate)
        {
            var written = commit();
            var key = written.Object.Key;
            if (written.Outcome == WriteOutcome.Deleted)
            {
                _seen.Remove(key);
            }
            else if (!_seen.TryGetValue(key, out var seen) || seen.ResourceVersion < written.Object.ResourceVersion)
            {
                _seen[key] = new Seen(written.Object.ResourceVersion, ChangeFingerprint.Of(written.Object), written.Object);
            }
            return written;
        }
    }

    public void Dispose()
    {
        _watch?.Dispose();
        _watch = null;
    }

    private void Relist()
    {
        var list = store.List(kind);
        var changes = new List<(ChangeKind, StoredObject)>();
        lock (_gate)
        {
            var present = new HashSet<ObjectKey>();
            foreach (var item in list.Items)
            {
                present.Add(item.Key);
                if (Classify(item) is { } change)
                {
                    changes.Add((change, item));
                }
            }
            foreach (var gone in _seen.Keys.Where(k => !present.Contains(k)).ToList())
            {
                changes.Add((ChangeKind.Deleted, _seen[gone].Last));
                _seen.Remove(gone);
            }
            _revision = list.Revision;
        }
        foreach (var (change, item) in changes)
        {
            onChange(change, item);
        }
    }

    private void Handle(WatchEvent change)
    {
        ChangeKind? classified;
        lock (_gate)
        {
            // The replay after our list can repeat what the list showed; revisions only move forward.
            if (change.Revision <= _revision)
            {
                return;
            }
            _revision = change.Revision;
            switch (change.Type)
            {
                case WatchEventTypes.Added or WatchEventTypes.Modified:
                    classified = Classify(change.Object);
                    break;
                case WatchEventTypes.Deleted:
                    classified = _seen.Remove(change.Object.Key) ? ChangeKind.Deleted : null;
                    break;
                default:
                    classified = null;
                    break;
            }
        }
        if (classified is { } kindOfChange)
        {
            onChange(kindOfChange, change.Object);
        }
    }

    private ChangeKind? Classify(StoredObject current)
    {
        var fingerprint = ChangeFingerprint.Of(current);
        _seen.TryGetValue(current.Key, out var seen);
        if (seen is not null && seen.ResourceVersion >= current.ResourceVersion)
        {
            return null;
        }
        _seen[current.Key] = new Seen(current.ResourceVersion, fingerprint, current);
        if (seen is null)
        {
            return ChangeKind.Added;
        }
        return seen.Fingerprint == fingerprint ? ChangeKind.StatusOnly : ChangeKind.SpecOrMetadata;
    }

    private void LogWatchEnded(Exception? error)
    {
        if (error is null)
        {
            logger.WatchEnded(kind, _revision);
        }
        else
        {
            logger.WatchFailed(error, kind, _revision);
        }
    }

    private sealed record Seen(long ResourceVersion, string Fingerprint, StoredObject Last);
}
