using System.Collections.Immutable;
using Microsoft.Extensions.Logging;

namespace Homelab.Store.Internal;

/// <summary>The live watchers. Publishing is called under the store's write lock, so events go out in revision order.</summary>
internal sealed partial class WatchHub(int capacity, ILogger logger)
{
    private ImmutableArray<WatchSubscription> _subscribers = [];

    public int Count => _subscribers.Length;

    /// <summary>Registers a watcher whose queue also has room for <paramref name="replay"/> events already owed to it.</summary>
    /// <param name="afterRevision">Live changes at or below this revision are skipped (replay is sent as given).</param>
    public WatchSubscription Subscribe(string? kind, string? ns, long afterRevision, IReadOnlyCollection<WatchEvent> replay)
    {
        var subscription = new WatchSubscription(kind, ns, afterRevision, capacity + replay.Count, Unsubscribe);
        foreach (var change in replay)
        {
            if (subscription.Matches(change.Object.Key))
            {
                subscription.TryPublish(change);
            }
        }
        ImmutableInterlocked.Update(ref _subscribers, list => list.Add(subscription));
        return subscription;
    }

    public void Publish(IReadOnlyList<WatchEvent> changes)
    {
        foreach (var subscriber in _subscribers)
        {
            foreach (var change in changes)
            {
                if (subscriber.IsOwed(change) && !subscriber.TryPublish(change))
                {
                    LogCutOff(logger, capacity, change.Revision);
                    Unsubscribe(subscriber);
                    break;
                }
            }
        }
    }

    public void CompleteAll()
    {
        var subscribers = ImmutableInterlocked.InterlockedExchange(ref _subscribers, []);
        foreach (var subscriber in subscribers)
        {
            subscriber.Complete();
        }
    }

    private void Unsubscribe(WatchSubscription subscription) => ImmutableInterlocked.Update(ref _subscribers, list => list.Remove(subscription));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cut off a watcher that fell {Capacity} events behind at revision {Revision}")]
    private static partial void LogCutOff(ILogger logger, int capacity, long revision);
}
