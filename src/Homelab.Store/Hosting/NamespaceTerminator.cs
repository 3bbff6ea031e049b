using Homelab.Api.Resources;
using Homelab.Store.Internal;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Homelab.Store.Hosting;

/// <summary>
/// Kubernetes' namespace controller for Homelab: deletes everything a Terminating namespace still holds, the delete a
/// user would send (Services keep their finalizers, so their containers go and their named volumes stay; a Secret goes
/// although Services use it, since they go too). The store removes the namespace with the last of them. It waits
/// <see cref="StoreOptions.NamespaceDeletionDelay"/> first, as the apiserver's own controller lags: `kubectl delete -f`
/// of a file with a namespace and its objects deletes the namespace first and then each object, and must find them.
/// </summary>
internal sealed partial class NamespaceTerminator(IResourceStore store, IOptions<StoreOptions> options, TimeProvider time, ILogger<NamespaceTerminator> logger)
    : BackgroundService
{
    private readonly HashSet<string> _scheduled = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // From 0: every namespace as it is now first (one left Terminating by a restart too), then each change.
                using var watch = store.Watch(ResourceKinds.Namespace.Kind, null, 0);
                await foreach (var change in watch.Events.ReadAllAsync(stoppingToken).ConfigureAwait(false))
                {
                    var node = change.Object.ToNode();
                    if (change.Type != WatchEventTypes.Deleted && ObjectJson.IsTerminating(node))
                    {
                        Schedule(change.Object.Key, ObjectJson.Uid(node), stoppingToken);
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A watch cut off or a failed read must not stop namespace deletion for good: watch again.
                LogWatchFailed(e.Message);
            }
        }
    }

    private void Schedule(ObjectKey key, string? uid, CancellationToken stoppingToken)
    {
        var ns = key.Name;
        // One timer per namespace object: a same-named namespace marked again while an old timer runs gets its own.
        var marked = $"{ns}/{uid}";
        lock (_scheduled)
        {
            if (!_scheduled.Add(marked))
            {
                return;
            }
        }
        _ = Task.Run(async () =>
        {
            try
            {
                await Task.Delay(options.Value.NamespaceDeletionDelay, time, stoppingToken).ConfigureAwait(false);
                // `kubectl delete -f` often empties the namespace itself within the delay, and the next apply makes a
                // new namespace of the same name: only the one that was marked, still terminating, is emptied.
                if (store.Get(key)?.ToNode() is { } current && ObjectJson.IsTerminating(current) && ObjectJson.Uid(current) == uid)
                {
                    DeleteContents(ns);
                }
            }
            catch (OperationCanceledException)
            {
                // Stopping: a namespace still Terminating is picked up again at the next start.
            }
            finally
            {
                lock (_scheduled)
                {
                    _scheduled.Remove(marked);
                }
            }
        }, CancellationToken.None);
    }

    /// <summary>One delete per object, so one that cannot go (already gone, a storage error) does not hold back the rest.</summary>
    internal void DeleteContents(string ns)
    {
        foreach (var kind in ResourceKinds.All.Where(k => k.Namespaced))
        {
            foreach (var item in store.List(kind.Kind, ns).Items.Where(i => !ObjectJson.IsTerminating(i.ToNode())))
            {
                try
                {
                    store.Commit([Mutation.Delete(item.Key, force: true)]);
                    LogDeleted(item.Key.Kind, ns, item.Key.Name);
                }
                catch (StoreException e)
                {
                    LogDeleteFailed(item.Key.Kind, ns, item.Key.Name, e.Message);
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Namespace {Namespace} is terminating: deleted {Kind} {Name}")]
    private partial void LogDeleted(string kind, string @namespace, string name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Namespace {Namespace} is terminating, but deleting {Kind} {Name} failed: {Reason}")]
    private partial void LogDeleteFailed(string kind, string @namespace, string name, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Watching namespaces for deletion failed ({Reason}); watching again")]
    private partial void LogWatchFailed(string reason);
}
