using System.Text.Json.Nodes;
using Homelab.Api.Merge;
using Homelab.Server.Http;
using Homelab.Store;
using Microsoft.AspNetCore.Http;

namespace Homelab.Server.Endpoints;

/// <summary>
/// A PATCH as the store applies it: a transform of the current object (run inside the transaction, so nothing is lost
/// between read and write) and the resourceVersion it is conditional on. RFC 7386 merge patches and RFC 6902 JSON
/// patches, as kube-apiserver takes them for custom resources (strategic merge and server-side apply are not served).
/// </summary>
internal sealed record PatchRequest(long? Expected, Func<JsonObject, JsonObject> Transform)
{
    /// <summary>A patch of the object (metadata and spec); unknown fields dropped or refused as <paramref name="fields"/> says.</summary>
    public static async Task<PatchRequest> ReadAsync(HttpContext context, ResourceRoute route, FieldValidation fields)
    {
        var (mediaType, patch) = await RequestBody.ReadPatchAsync(context);
        if (mediaType == RequestBody.JsonPatch)
        {
            var operations = (JsonArray)patch;
            return new PatchRequest(null, current => fields.Apply(ApplyJsonPatch(current, operations, route), route.Kind));
        }
        var merge = (JsonObject)patch;
        var expected = MergePatches.TakePrecondition(merge);
        MergePatches.RejectIdentityChanges(merge, route);
        return new PatchRequest(expected, current => fields.Apply(MergePatches.Apply(current, merge), route.Kind));
    }

    /// <summary>A patch of the status subresource: only what it does to .status counts.</summary>
    public static async Task<PatchRequest> ReadStatusAsync(HttpContext context, ResourceRoute route)
    {
        var (mediaType, patch) = await RequestBody.ReadPatchAsync(context);
        if (mediaType == RequestBody.JsonPatch)
        {
            // The store hands a status transform the status alone; the operations address it as /status/…, as on the object.
            var operations = (JsonArray)patch;
            return new PatchRequest(null, status =>
                JsonPatchOf(new JsonObject { ["status"] = status.DeepClone() }, operations)["status"] switch
                {
                    null => [],
                    JsonObject patched => (JsonObject)patched.DeepClone(),
                    _ => throw ApiException.BadRequest("status: must be an object"),
                });
        }
        var merge = (JsonObject)patch;
        var expected = MergePatches.TakePrecondition(merge);
        MergePatches.RejectIdentityChanges(merge, route);
        var statusPatch = merge["status"] switch
        {
            null => [],
            JsonObject value => value,
            _ => throw ApiException.BadRequest("status: must be an object"),
        };
        return new PatchRequest(expected, current => MergePatches.Apply(current, statusPatch));
    }

    /// <summary>
    /// Applies the operations; the result must still be the object of the path, and a resourceVersion it carries that
    /// differs from the current one fails as a stale write would (kube-apiserver's precondition for JSON patches).
    /// </summary>
    private static JsonObject ApplyJsonPatch(JsonObject current, JsonArray operations, ResourceRoute route)
    {
        var patched = JsonPatchOf(current, operations);
        var before = ObjectIdentity.ResourceVersion(current) ?? 0;
        var after = patched["metadata"] is JsonObject ? ObjectIdentity.ResourceVersion(patched) : null;
        if (after is not null && after != before)
        {
            throw StoreException.Conflict(route.Key, after.Value, before);
        }
        var identity = new JsonObject
        {
            ["apiVersion"] = patched["apiVersion"]?.DeepClone(),
            ["kind"] = patched["kind"]?.DeepClone(),
            ["metadata"] = new JsonObject { ["name"] = patched["metadata"]?["name"]?.DeepClone(), ["namespace"] = patched["metadata"]?["namespace"]?.DeepClone() },
        };
        MergePatches.RejectIdentityChanges(identity, route);
        return patched;
    }

    private static JsonObject JsonPatchOf(JsonObject current, JsonArray operations)
    {
        try
        {
            return JsonPatch.Apply(current, operations) as JsonObject ?? throw ApiException.BadRequest("the JSON patch leaves no object");
        }
        catch (JsonPatchException e)
        {
            throw new ApiException(StatusCodes.Status422UnprocessableEntity, Api.Serialization.StatusReasons.Invalid, $"the server rejected our request due to an error in our request: {e.Message}");
        }
    }
}
