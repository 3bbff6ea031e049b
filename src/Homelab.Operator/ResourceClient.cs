using System.Text.Json.Nodes;
using Homelab.Api.Meta;
using Homelab.Api.Resources;
using Homelab.Api.Serialization;
using Homelab.Operator.Runtime;
using Homelab.Store;

namespace Homelab.Operator;

/// <summary>
/// <see cref="IResourceClient"/> over the in-process store. Status and metadata writes are atomic patches applied inside
/// the store's transaction, so controllers never see a 409 from their own writes. Events name the controller whose
/// reconcile is running as their source.
/// </summary>
public sealed class ResourceClient(IResourceStore store) : IResourceClient
{
    /// <summary>The event source used outside any reconcile.</summary>
    public const string DefaultSource = "homelab-operator";

    public T? Get<T>(string ns, string name) where T : Resource
    {
        ArgumentNullException.ThrowIfNull(ns);
        ArgumentNullException.ThrowIfNull(name);
        return store.Get(ResourceKeys.Of<T>(ns, name))?.ToResource<T>();
    }

    public IReadOnlyList<T> List<T>(string? ns = null, LabelSelector? selector = null) where T : Resource =>
        [.. store.List(ResourceKeys.KindOf<T>(), ns, selector).Items.Select(o => o.ToResource<T>())];

    public Task<bool> UpdateStatusAsync<T>(T resource, CancellationToken cancellationToken) where T : Resource
    {
        ArgumentNullException.ThrowIfNull(resource);
        cancellationToken.ThrowIfCancellationRequested();
        var status = HomelabJson.ToNode(resource)["status"] as JsonObject ?? [];
        try
        {
            // Replaces the whole status with the caller's: the status belongs to this controller alone.
            store.PatchStatus(ResourceKeys.Of(resource), _ => (JsonObject)status.DeepClone());
            return Task.FromResult(true);
        }
        catch (StoreException e) when (e.Code == 404)
        {
            return Task.FromResult(false);
        }
    }

    public Task<T?> PatchAsync<T>(string ns, string name, Func<JsonObject, JsonObject> transform, CancellationToken cancellationToken) where T : Resource
    {
        ArgumentNullException.ThrowIfNull(transform);
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            var results = store.Commit([Mutation.Patch(ResourceKeys.Of<T>(ns, name), transform)]);
            return Task.FromResult<T?>(results[0].Object.ToResource<T>());
        }
        catch (StoreException e) when (e.Code == 404)
        {
            return Task.FromResult<T?>(null);
        }
    }

    public void RecordEvent(Resource involved, string type, string reason, string message)
    {
        ArgumentNullException.ThrowIfNull(involved);
        if (type is not (EventTypes.Normal or EventTypes.Warning))
        {
            throw new ArgumentException($"event type must be {EventTypes.Normal} or {EventTypes.Warning}, not \"{type}\"", nameof(type));
        }
        store.RecordEvent(ResourceKeys.Of(involved), type, reason, message, ReconcileContext.Controller ?? DefaultSource);
    }
}
