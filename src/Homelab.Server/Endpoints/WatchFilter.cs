using Homelab.Server.Http;
using Homelab.Store;

namespace Homelab.Server.Endpoints;

/// <summary>
/// Applies a label or field selector to a watch the way Kubernetes does: an object that starts matching is ADDED, one that stops
/// matching is DELETED, so a client's cache of "objects matching the selector" stays right.
/// </summary>
internal sealed class WatchFilter
{
    private readonly ObjectSelector selector;
    private readonly HashSet<ObjectKey> matching = [];

    /// <param name="selector">One that selects all (<see cref="ObjectSelector.IsAll"/>) passes every event through unchanged.</param>
    /// <param name="start">The objects known to match when the watch starts.</param>
    public WatchFilter(ObjectSelector selector, ListResult? start)
    {
        this.selector = selector;
        foreach (var item in start?.Items ?? [])
        {
            if (selector.Matches(item))
            {
                matching.Add(item.Key);
            }
        }
    }

    /// <summary>The event type to send for <paramref name="change"/>, or null to send nothing.</summary>
    public string? Translate(WatchEvent change)
    {
        if (selector.IsAll)
        {
            return change.Type;
        }
        var key = change.Object.Key;
        var matches = selector.Matches(change.Object);
        if (change.Type == WatchEventTypes.Deleted)
        {
            return matching.Remove(key) || matches ? WatchEventTypes.Deleted : null;
        }
        if (matches)
        {
            var known = !matching.Add(key);
            return change.Type == WatchEventTypes.Modified && known ? WatchEventTypes.Modified : WatchEventTypes.Added;
        }
        return matching.Remove(key) ? WatchEventTypes.Deleted : null;
    }
}
