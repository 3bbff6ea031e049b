namespace Homelab.Store.Internal;

/// <summary>
/// The in-memory copy of the events collection, least recently seen first. Decides folding and retention; the store
/// persists what it returns. Not thread-safe: used under the store's write lock.
/// </summary>
internal sealed class EventBook(int retention)
{
    private readonly LinkedList<EventRecord> _byLastSeen = [];
    private readonly Dictionary<FoldKey, LinkedListNode<EventRecord>> _byFoldKey = [];

    public void Load(IEnumerable<EventRecord> records)
    {
        foreach (var record in records.OrderBy(r => r.LastSeen).ThenBy(r => r.FirstSeen))
        {
            Append(record);
        }
    }

    /// <summary>Folds a repeat into its record or adds a new one; returns the record to upsert and the ids to delete.</summary>
    public (EventRecord Upsert, IReadOnlyList<string> Dropped) Record(ObjectKey involved, string? involvedUid, string type, string reason, string message, string source, DateTimeOffset now)
    {
        var key = new FoldKey(involved, involvedUid, type, reason, message);
        EventRecord record;
        if (_byFoldKey.Remove(key, out var node))
        {
            _byLastSeen.Remove(node);
            record = node.Value with { Count = node.Value.Count + 1, LastSeen = now, Source = source };
        }
        else
        {
            record = new EventRecord
            {
                Id = Guid.NewGuid().ToString("N"),
                InvolvedObject = involved,
                InvolvedUid = involvedUid,
                Type = type,
                Reason = reason,
                Message = message,
                Source = source,
                Count = 1,
                FirstSeen = now,
                LastSeen = now,
            };
        }
        Append(record);

        var dropped = new List<string>();
        while (_byLastSeen.Count > Math.Max(retention, 1) && _byLastSeen.First is { } oldest)
        {
            _byLastSeen.RemoveFirst();
            _byFoldKey.Remove(FoldKey.Of(oldest.Value));
            dropped.Add(oldest.Value.Id);
        }
        return (record, dropped);
    }

    /// <summary>Undoes the in-memory side of a <see cref="Record"/> whose write failed, by reloading.</summary>
    public void Reset(IEnumerable<EventRecord> records)
    {
        _byLastSeen.Clear();
        _byFoldKey.Clear();
        Load(records);
    }

    /// <summary>
    /// Least recently seen first. With <paramref name="involvedUid"/>, the events of one object exactly: those recorded
    /// for an earlier object of the same name are left out (those recorded while no such object existed are kept).
    /// </summary>
    public IReadOnlyList<EventRecord> List(string? ns, ObjectKey? involved, string? involvedUid) =>
        _byLastSeen.Where(r => (ns is null || r.InvolvedObject.Namespace == ns)
            && (involved is null || r.InvolvedObject == involved.Value)
            && (involvedUid is null || r.InvolvedUid is null || r.InvolvedUid == involvedUid)).ToList();

    private void Append(EventRecord record) => _byFoldKey[FoldKey.Of(record)] = _byLastSeen.AddLast(record);

    private readonly record struct FoldKey(ObjectKey Involved, string? InvolvedUid, string Type, string Reason, string Message)
    {
        public static FoldKey Of(EventRecord record) => new(record.InvolvedObject, record.InvolvedUid, record.Type, record.Reason, record.Message);
    }
}
