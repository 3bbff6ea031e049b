using System.Text.Json.Nodes;

namespace Homelab.Store;

/// <summary>
/// Atomic helpers for controllers: each is one Patch inside the store's lock, so it never fails with 409 however many
/// writers race on the object.
/// </summary>
public static class ResourceStoreExtensions
{
    /// <summary>
    /// Adds <paramref name="finalizer"/> unless present or the object is being deleted (then Unchanged): as in Kubernetes, a
    /// terminating object takes no new finalizers, even when its delete started after the caller read it. 404 when the
    /// object is gone.
    /// </summary>
    public static WriteResult AddFinalizer(this IResourceStore store, ObjectKey key, string finalizer)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentException.ThrowIfNullOrEmpty(finalizer);
        return store.Commit([Mutation.Patch(key, obj =>
        {
            var metadata = obj["metadata"] as JsonObject ?? [];
            obj["metadata"] = metadata;
            if (metadata["deletionTimestamp"] is not null)
            {
                return obj;
            }
            if (metadata["finalizers"] is not JsonArray finalizers)
            {
                finalizers = [];
                metadata["finalizers"] = finalizers;
            }
            if (!finalizers.Any(f => f?.GetValue<string>() == finalizer))
            {
                finalizers.Add((JsonNode)finalizer);
            }
            return obj;
        })]).Single();
    }

    /// <summary>
    /// Removes <paramref name="finalizer"/> (Unchanged when absent). Removing the last finalizer of an object being deleted
    /// deletes it (<see cref="WriteOutcome.Deleted"/>). 404 when the object is gone.
    /// </summary>
    public static WriteResult RemoveFinalizer(this IResourceStore store, ObjectKey key, string finalizer)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentException.ThrowIfNullOrEmpty(finalizer);
        return store.Commit([Mutation.Patch(key, obj =>
        {
            if (obj["metadata"]?["finalizers"] is JsonArray finalizers)
            {
                foreach (var match in finalizers.Where(f => f?.GetValue<string>() == finalizer).ToList())
                {
                    finalizers.Remove(match);
                }
                if (finalizers.Count == 0)
                {
                    obj["metadata"]!.AsObject().Remove("finalizers");
                }
            }
            return obj;
        })]).Single();
    }

    /// <summary>Transforms the current status in place of a read-modify-write with resourceVersion. 404 when the object is gone.</summary>
    public static WriteResult PatchStatus(this IResourceStore store, ObjectKey key, Func<JsonObject, JsonObject> transform)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.Commit([Mutation.PatchStatus(key, transform)]).Single();
    }
}
