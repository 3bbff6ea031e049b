using System.Text.Json.Nodes;
using Homelab.Server.Http;
using Homelab.Store;
using Microsoft.AspNetCore.Http;

namespace Homelab.Server.Endpoints;

/// <summary>
/// The status subresource: what controllers write. Only .status of the body counts (as in Kubernetes, spec changes sent
/// here are ignored) and generation never moves.
/// </summary>
internal sealed class StatusEndpoints(IResourceStore store)
{
    /// <summary>PUT …/status: replaces status; conditional when metadata.resourceVersion is given.</summary>
    public async Task ReplaceAsync(HttpContext context, bool namespacedPath)
    {
        var route = ResourceRoute.From(context, namespacedPath);
        var dryRun = QueryParameters.DryRun(context.Request);
        var body = await RequestBody.ReadObjectAsync(context, RequestBody.Json);
        var key = ObjectIdentity.Resolve(body, route.Kind, route.Namespace, route.Name);
        var status = body["status"] switch
        {
            null => [],
            JsonObject value => (JsonObject)value.DeepClone(),
            _ => throw ApiException.BadRequest("status: must be an object"),
        };
        var result = store.Commit([Mutation.ReplaceStatus(key, status, ObjectIdentity.ResourceVersion(body))], dryRun)[0];
        await ApiResponses.WriteRawJsonAsync(context, StatusCodes.Status200OK, result.Object.Json);
    }

    /// <summary>PATCH …/status with a merge patch whose "status" member is merged into the current status, or a JSON patch of /status.</summary>
    public async Task PatchAsync(HttpContext context, bool namespacedPath)
    {
        var route = ResourceRoute.From(context, namespacedPath);
        var dryRun = QueryParameters.DryRun(context.Request);
        var patch = await PatchRequest.ReadStatusAsync(context, route);
        var mutation = new Mutation(MutationType.PatchStatus, route.Key, ExpectedResourceVersion: patch.Expected, Transform: patch.Transform);
        var result = store.Commit([mutation], dryRun)[0];
        await ApiResponses.WriteRawJsonAsync(context, StatusCodes.Status200OK, result.Object.Json);
    }
}
