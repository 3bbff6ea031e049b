using Homelab.Api.Meta;

namespace Homelab.Store;

/// <summary>
/// The object store. Reads are served from memory and never block on writes; writes are serialized, one LiteDB
/// transaction per <see cref="Commit"/>, and published to watchers after commit, in revision order.
/// Synchronous on purpose: LiteDB is synchronous and a transaction must never span an await.
/// </summary>
public interface IResourceStore
{
    /// <summary>The revision of the last committed write.</summary>
    long Revision { get; }

    /// <summary>Changelog entries at or below this revision are gone; watches from before it answer 410.</summary>
    long CompactedRevision { get; }

    StoredObject? Get(ObjectKey key);

    /// <summary>Objects of one kind, sorted by namespace then name; <paramref name="ns"/> null means all namespaces.</summary>
    ListResult List(string kind, string? ns = null, LabelSelector? selector = null);

    /// <summary>Applies the mutations in one transaction. Any failure throws <see cref="StoreException"/> and nothing is written.</summary>
    IReadOnlyList<WriteResult> Commit(IReadOnlyList<Mutation> mutations, bool dryRun = false);

    /// <summary>
    /// Events after <paramref name="fromRevision"/> for one kind (null: all kinds) and namespace (null: all), first replayed from the
    /// changelog then live. Throws 410 Gone when that revision has been compacted.
    /// </summary>
    /// <remarks>
    /// <paramref name="fromRevision"/> 0 means "any version", as in Kubernetes: the current objects arrive first as synthetic ADDED
    /// events (each carrying its own resourceVersion), then live changes. A revision above the current one skips changes up to it.
    /// </remarks>
    IWatch Watch(string? kind, string? ns, long fromRevision);

    /// <summary>Records or folds an event; never throws for a missing object.</summary>
    void RecordEvent(ObjectKey involved, string type, string reason, string message, string source);

    /// <summary>Events, newest last; filtered by namespace (null: all) and, when given, by the involved object.</summary>
    IReadOnlyList<EventRecord> ListEvents(string? ns, ObjectKey? involved = null);

    /// <summary>Drops changelog entries so that at most the configured number remain; returns the new compaction point.</summary>
    long Compact();
}

public sealed record ListResult(IReadOnlyList<StoredObject> Items, long Revision);

/// <summary>A running watch. Dispose to stop. The reader completes when the store shuts down or the watcher falls too far behind.</summary>
public interface IWatch : IDisposable
{
    System.Threading.Channels.ChannelReader<WatchEvent> Events { get; }

    /// <summary>
    /// Cancelled the moment the store cuts this watcher off for falling behind, while the reader may still hold the events
    /// before the 410: lets a server bound how long a client that stopped reading may take to drain them.
    /// </summary>
    CancellationToken CutOff { get; }
}
