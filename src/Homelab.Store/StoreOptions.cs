namespace Homelab.Store;

/// <summary>Where and how the store keeps its data. Bound from configuration section "Store".</summary>
public sealed class StoreOptions
{
    /// <summary>Directory holding homelab.db and homelab.lock; created with mode 0700 when missing.</summary>
    public string DataDir { get; set; } = "";

    /// <summary>How many changelog entries <see cref="IResourceStore.Compact"/> keeps; watches may resume within this window.</summary>
    public int ChangelogRetention { get; set; } = 10_000;

    /// <summary>How many events are kept; the least recently seen are dropped first.</summary>
    public int EventRetention { get; set; } = 2_000;

    /// <summary>The largest object (canonical JSON, in bytes) a write may store; larger ones answer 413. Kubernetes' request limit.</summary>
    public int MaxObjectBytes { get; set; } = 3 * 1024 * 1024;

    /// <summary>How often the changelog is compacted in the background.</summary>
    public TimeSpan CompactionInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a Terminating namespace waits before <see cref="Hosting.NamespaceTerminator"/> deletes what it holds.</summary>
    public TimeSpan NamespaceDeletionDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Log pages after which LiteDB copies its write-ahead log into the data file. LiteDB holds every log page in memory
    /// until then, and never gives that memory back: its default of 1,000 pages grew homelabd by 13 MB.
    /// </summary>
    public int CheckpointPages { get; set; } = 100;

    /// <summary>Events a watcher may have unread before it is cut off with 410 Gone (so a stuck reader cannot grow memory).</summary>
    public int WatchBufferSize { get; set; } = 10_000;

    /// <summary>
    /// How long a watcher cut off for falling behind may take to read the events it was still owed and the 410 that ends
    /// them; the API server then disconnects a client that stopped reading altogether.
    /// </summary>
    public TimeSpan WatchDrainTimeout { get; set; } = TimeSpan.FromSeconds(60);
}
