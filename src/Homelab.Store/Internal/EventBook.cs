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
    public (EventRecord Upsert, IReadOnlyList<string> Dropped) Record(ObjectKey involved, string type, string reason, string message, string source, DateTimeOffset now)
    {
        var key = new FoldKey(involved, type, reason, message);
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

    /// <summary>Least recently seen first.</summary>
    public IReadOnlyList<EventRecord> List(string? ns, ObjectKey? involved) =>
        _byLastSeen.Where(r => (ns is null || r.InvolvedObject.Namespace == ns) && (involved is null || r.InvolvedObject == involved.Value)).ToList();

    private void Append(EventRecord record) => _byFoldKey[FoldKey.Of(record)] = _byLastSeen.AddLast(record);

    private readonly record struct FoldKey(ObjectKey Involved, string Type, string Reason, string Message)
    {
        public static FoldKey Of(EventRecord record) => new(record.InvolvedObject, record.Type, record.Reason, record.Message);
    }
}
