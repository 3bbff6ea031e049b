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
        var write = ObjectWrite.From(context, namespacedPath);
        var body = await RequestBody.ReadObjectAsync(context, RequestBody.Json);
        var key = ObjectIdentity.Resolve(body, write.Route.Kind, write.Route.Namespace, write.Route.Name);
        var status = body["status"] switch
        {
            null => [],
            JsonObject value => (JsonObject)value.DeepClone(),
            _ => throw ApiException.BadRequest("status: must be an object"),
        };
        await write.CommitAsync(store, Mutation.ReplaceStatus(key, status, ObjectIdentity.ResourceVersion(body)));
    }

    /// <summary>PATCH …/status with a merge patch whose "status" member is merged into the current status, or a JSON patch of /status.</summary>
    public async Task PatchAsync(HttpContext context, bool namespacedPath)
    {
        var write = ObjectWrite.From(context, namespacedPath);
        var patch = await PatchRequest.ReadStatusAsync(context, write.Route);
        await write.CommitAsync(store, new Mutation(MutationType.PatchStatus, write.Route.Key, ExpectedResourceVersion: patch.Expected, Transform: patch.Transform));
    }
}
