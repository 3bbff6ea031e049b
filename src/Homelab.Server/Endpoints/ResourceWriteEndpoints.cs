using System.Text.Json;
using System.Text.Json.Nodes;
using Homelab.Api.Protocol;
using Homelab.Server.Http;
using Homelab.Store;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Homelab.Server.Endpoints;

/// <summary>POST, PUT, PATCH and DELETE of objects (metadata and spec; status has its own endpoints).</summary>
internal sealed class ResourceWriteEndpoints(IResourceStore store)
{
    public async Task CreateAsync(HttpContext context, bool namespacedPath)
    {
        var route = ResourceRoute.From(context, namespacedPath);
        if (route.Kind.Namespaced && route.Namespace is null)
        {
            throw ApiException.NotFound($"{route.Kind.Plural} are namespaced: POST to {ApiPaths.Root}/namespaces/{{namespace}}/{route.Kind.Plural}");
        }
        var dryRun = QueryParameters.DryRun(context.Request);
        var body = await RequestBody.ReadObjectAsync(context, RequestBody.Json);
        var key = ObjectIdentity.Resolve(body, route.Kind, route.Namespace, pathName: null);
        var result = store.Commit([Mutation.Create(key, body)], dryRun)[0];
        ApiResponses.AddWarnings(context, [result]);
        await ApiResponses.WriteRawJsonAsync(context, StatusCodes.Status201Created, result.Object.Json);
    }

    /// <summary>PUT: replaces metadata and spec, only if metadata.resourceVersion is still the stored one.</summary>
    public async Task ReplaceAsync(HttpContext context, bool namespacedPath)
    {
        var route = ResourceRoute.From(context, namespacedPath);
        var dryRun = QueryParameters.DryRun(context.Request);
        var body = await RequestBody.ReadObjectAsync(context, RequestBody.Json);
        var key = ObjectIdentity.Resolve(body, route.Kind, route.Namespace, route.Name);
        var expected = ObjectIdentity.ResourceVersion(body)
            ?? throw ApiException.Invalid(route.Kind.Kind, key.Name, "metadata.resourceVersion", "Required value: must be specified for an update");
        var result = store.Commit([Mutation.Replace(key, body, expected)], dryRun)[0];
        ApiResponses.AddWarnings(context, [result]);
        await ApiResponses.WriteRawJsonAsync(context, StatusCodes.Status200OK, result.Object.Json);
    }

    /// <summary>PATCH with a JSON merge patch, applied to the current object inside the store's transaction.</summary>
    public async Task PatchAsync(HttpContext context, bool namespacedPath)
    {
        var route = ResourceRoute.From(context, namespacedPath);
        var dryRun = QueryParameters.DryRun(context.Request);
        var patch = await RequestBody.ReadObjectAsync(context, RequestBody.MergePatch);
        var expected = MergePatches.TakePrecondition(patch);
        MergePatches.RejectIdentityChanges(patch, route);
        var key = route.Key;
        var result = store.Commit([Mutation.Patch(key, current => MergePatches.Apply(current, patch), expected)], dryRun)[0];
        ApiResponses.AddWarnings(context, [result]);
        await ApiResponses.WriteRawJsonAsync(context, StatusCodes.Status200OK, result.Object.Json);
    }

    /// <summary>
    /// DELETE, with an optional resourceVersion precondition (query or DeleteOptions body). ?purgeVolumes=true marks the
    /// object in the same transaction, so the Service controller's finalizer sees the request and removes its volumes too.
    /// </summary>
    public async Task DeleteAsync(HttpContext context, bool namespacedPath)
    {
        var route = ResourceRoute.From(context, namespacedPath);
        var dryRun = QueryParameters.DryRun(context.Request);
        var purgeVolumes = QueryParameters.Flag(context.Request, "purgeVolumes");
        // ?force=true deletes a Secret although Services still mount it.
        var force = QueryParameters.Flag(context.Request, "force");
        var expected = await PreconditionAsync(context);
        var key = route.Key;
        Mutation[] mutations = purgeVolumes
            ? [Mutation.Patch(key, MarkForVolumePurge, expected), Mutation.Delete(key)]
            : [Mutation.Delete(key, expected, force)];
        var result = store.Commit(mutations, dryRun)[^1];
        var code = result.Outcome == WriteOutcome.DeletionStarted ? StatusCodes.Status202Accepted : StatusCodes.Status200OK;
        await ApiResponses.WriteRawJsonAsync(context, code, result.Object.Json);
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

    private static async Task<long?> PreconditionAsync(HttpContext context)
    {
        var fromQuery = QueryParameters.ResourceVersion(QueryParameters.Single(context.Request, "resourceVersion"), "resourceVersion");
        var canHaveBody = context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody ?? false;
        if (!canHaveBody)
        {
            return fromQuery;
        }
        var options = await RequestBody.ReadObjectAsync(context, RequestBody.Json);
        var preconditions = options["preconditions"] switch
        {
            null => null,
            JsonObject given => given,
            _ => throw ApiException.BadRequest("preconditions: must be an object"),
        };
        var fromBody = preconditions?["resourceVersion"] switch
        {
            null => null,
            JsonValue text when text.GetValueKind() == JsonValueKind.String => QueryParameters.ResourceVersion(text.GetValue<string>(), "preconditions.resourceVersion"),
            _ => throw ApiException.BadRequest("preconditions.resourceVersion: must be a string"),
        };
        if (fromQuery is not null && fromBody is not null && fromQuery != fromBody)
        {
            throw ApiException.BadRequest($"resourceVersion {fromQuery} in the query contradicts preconditions.resourceVersion {fromBody} in the body");
        }
        return fromQuery ?? fromBody;
    }
}
