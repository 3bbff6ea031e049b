using System.Text.Json.Nodes;
using Homelab.Api.Protocol;
using Homelab.Server.Http;
using Homelab.Store;
using Microsoft.AspNetCore.Http;

namespace Homelab.Server.Endpoints;

/// <summary>POST, PUT, PATCH and DELETE of objects (metadata and spec; status has its own endpoints).</summary>
internal sealed class ResourceWriteEndpoints(IResourceStore store)
{
    public async Task CreateAsync(HttpContext context, bool namespacedPath)
    {
        var write = ObjectWrite.From(context, namespacedPath);
        var route = write.Route;
        if (route.Kind.Namespaced && route.Namespace is null)
        {
            throw ApiException.NotFound($"{route.Kind.Plural} are namespaced: POST to {ApiPaths.Root}/namespaces/{{namespace}}/{route.Kind.Plural}");
        }
        var body = write.Fields.Apply(await RequestBody.ReadObjectAsync(context, RequestBody.Json), route.Kind);
        await write.CommitAsync(store, Mutation.Create(ResolveNew(body, route), body), StatusCodes.Status201Created);
    }

    /// <summary>PUT: replaces metadata and spec, only if metadata.resourceVersion is still the stored one.</summary>
    public async Task ReplaceAsync(HttpContext context, bool namespacedPath)
    {
        var write = ObjectWrite.From(context, namespacedPath);
        var route = write.Route;
        var body = write.Fields.Apply(await RequestBody.ReadObjectAsync(context, RequestBody.Json), route.Kind);
        var key = ObjectIdentity.Resolve(body, route.Kind, route.Namespace, route.Name);
        // A custom resource is never created by PUT: a missing object is 404 before a missing resourceVersion is 422.
        _ = store.Get(key) ?? throw StoreException.NotFound(key);
        var expected = ObjectIdentity.ResourceVersion(body)
            ?? throw ApiException.Invalid(route.Kind.Kind, key.Name, "metadata.resourceVersion", "Required value: must be specified for an update");
        await write.CommitAsync(store, Mutation.Replace(key, body, expected));
    }

    /// <summary>PATCH with a JSON merge patch or a JSON patch, applied to the current object inside the store's transaction.</summary>
    public async Task PatchAsync(HttpContext context, bool namespacedPath)
    {
        var write = ObjectWrite.From(context, namespacedPath);
        var patch = await PatchRequest.ReadAsync(context, write.Route, write.Fields);
        await write.CommitAsync(store, Mutation.Patch(write.Route.Key, patch.Transform, patch.Expected));
    }

    /// <summary>
    /// DELETE, with an optional resourceVersion precondition (query or DeleteOptions body). ?purgeVolumes=true marks the
    /// object in the same transaction, so the Service controller's finalizer sees the request and removes its volumes too.
    /// </summary>
    public async Task DeleteAsync(HttpContext context, bool namespacedPath)
    {
        var route = ResourceRoute.From(context, namespacedPath);
        var purgeVolumes = QueryParameters.Flag(context.Request, "purgeVolumes");
        // ?force=true deletes a Secret although Services still mount it.
        var force = QueryParameters.Flag(context.Request, "force");
        var options = await DeleteOptions.ReadAsync(context);
        var key = route.Key;
        Mutation[] mutations = purgeVolumes
            ? [Mutation.Patch(key, MarkForVolumePurge, options.ResourceVersion), Mutation.Delete(key)]
            : [Mutation.Delete(key, options.ResourceVersion, force)];
        var result = store.Commit(mutations, options.DryRun)[^1];
        var code = result.Outcome == WriteOutcome.DeletionStarted ? StatusCodes.Status202Accepted : StatusCodes.Status200OK;
        await ApiResponses.WriteRawJsonAsync(context, code, result.Object.Json);
    }

    /// <summary>
    /// DELETE of a collection: every object the labelSelector and fieldSelector match, deleted in one batch (all or none),
    /// with the DeleteOptions of a single delete. Answers the list of what was deleted or is now finalizing.
    /// </summary>
    public async Task DeleteCollectionAsync(HttpContext context, bool namespacedPath)
    {
        var route = ResourceRoute.From(context, namespacedPath);
        var selector = ObjectSelector.FromQuery(context.Request);
        var options = await DeleteOptions.ReadAsync(context);
        if (options.ResourceVersion is not null)
        {
            throw ApiException.BadRequest("preconditions.resourceVersion: a collection has no single resourceVersion to hold to");
        }
        var matched = store.List(route.Kind.Kind, route.Namespace, selector.Labels).Items.Where(selector.Matches).ToList();
        var results = matched.Count == 0 ? [] : store.Commit([.. matched.Select(o => Mutation.Delete(o.Key))], options.DryRun);
        await ListWriter.WriteAsync(context, route.Kind, new ListResult([.. results.Select(r => r.Object)], store.Revision));
    }

    /// <summary>The key of a new object; a name drawn from metadata.generateName is drawn again while it is taken.</summary>
    private ObjectKey ResolveNew(JsonObject body, ResourceRoute route)
    {
        var prefix = GeneratedName.PrefixOf(body);
        for (var attempt = 1; ; attempt++)
        {
            if (prefix is not null)
            {
                GeneratedName.Assign(body, prefix);
            }
            var key = ObjectIdentity.Resolve(body, route.Kind, route.Namespace, pathName: null);
            if (prefix is null || attempt == GeneratedName.Attempts || store.Get(key) is null)
            {
                return key;
            }
        }
    }

    private static JsonObject MarkForVolumePurge(JsonObject stored)
    {
        var current = (JsonObject)stored.DeepClone();
        var metadata = current["metadata"] as JsonObject ?? [];
        var annotations = metadata["annotations"] as JsonObject ?? [];
        annotations[WellKnownAnnotations.PurgeVolumes] = "true";
        metadata["annotations"] = annotations;
        current["metadata"] = metadata;
        return current;
    }
}
