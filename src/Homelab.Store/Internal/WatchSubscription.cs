using System.Threading.Channels;
using Homelab.Api.Serialization;

namespace Homelab.Store.Internal;

/// <summary>One watcher's bounded queue. Written only under the store's write lock, read by the watcher at its own pace.</summary>
internal sealed class WatchSubscription : IWatch
{
    private readonly Channel<WatchEvent> _channel;
    private readonly string? _kind;
    private readonly string? _ns;
    private readonly long _afterRevision;
    private readonly Action<WatchSubscription> _onDispose;
    // Never disposed: it has no timer to release, and a publish racing Dispose must still be able to cancel it.
    private readonly CancellationTokenSource _cutOff = new();
    private volatile bool _closed;

    public WatchSubscription(string? kind, string? ns, long afterRevision, int capacity, Action<WatchSubscription> onDispose)
    {
        _kind = kind;
        _ns = ns;
        _afterRevision = afterRevision;
        _onDispose = onDispose;
        _channel = Channel.CreateBounded<WatchEvent>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleWriter = true,
            SingleReader = false,
        });
    }

    public ChannelReader<WatchEvent> Events => _channel.Reader;

    public CancellationToken CutOff => _cutOff.Token;

    public bool Matches(ObjectKey key) => (_kind is null || _kind == key.Kind) && (_ns is null || _ns == key.Namespace);

    /// <summary>Live changes at or below the requested revision (a watch "from the future") are not owed to this watcher.</summary>
    public bool IsOwed(WatchEvent change) => change.Revision > _afterRevision && Matches(change.Object.Key);

    /// <summary>False when the watcher has fallen too far behind; it is then cut off with 410 Gone so it re-lists.</summary>
    public bool TryPublish(WatchEvent change)
    {
        // A watcher that left is closed before the hub drops it, so a publish already going through the hub's list can
        // still reach it: its closed channel refuses the event, and that is no sign of a watcher behind.
        if (_channel.Writer.TryWrite(change) || _closed)
        {
            return true;
        }
        _channel.Writer.TryComplete(new StoreException(410, StatusReasons.Gone,
            $"watch fell too far behind at revision {change.Revision}; list again and watch from the list's revision"));
        _cutOff.Cancel();
        return false;
    }

    public void Complete()
    {
        _closed = true;
        _channel.Writer.TryComplete();
    }

    public void Dispose()
    {
        Complete();
        _onDispose(this);
    }
}
