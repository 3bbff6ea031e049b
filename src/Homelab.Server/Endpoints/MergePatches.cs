using System.Text.Json.Nodes;
using Homelab.Api.Merge;
using Homelab.Server.Http;

namespace Homelab.Server.Endpoints;

/// <summary>What the API does around an RFC 7386 merge patch: preconditions, identity checks, applying it.</summary>
internal static class MergePatches
{
    /// <summary>Removes metadata.resourceVersion from the patch and returns it: a patch carrying one is conditional on it.</summary>
    public static long? TakePrecondition(JsonObject patch)
    {
        if (patch["metadata"] is not JsonObject metadata || !metadata.ContainsKey("resourceVersion"))
        {
            return null;
        }
        var expected = metadata["resourceVersion"] is null ? null : ObjectIdentity.ResourceVersion(patch);
        metadata.Remove("resourceVersion");
        return expected;
    }

    /// <summary>A patch may not rename, move or retype the object it is sent to.</summary>
    public static void RejectIdentityChanges(JsonObject patch, ResourceRoute route)
    {
        if (patch.ContainsKey("metadata") && patch["metadata"] is not JsonObject)
        {
            throw ApiException.BadRequest("metadata: must be an object");
        }
        var metadata = patch["metadata"] as JsonObject;
        Reject(patch, "kind", route.Kind.Kind);
        Reject(patch, "apiVersion", Homelab.Api.ApiGroup.ApiVersion);
        Reject(metadata, "name", route.Name!, "metadata.");
        Reject(metadata, "namespace", route.Kind.Namespaced ? route.Namespace! : null, "metadata.");
    }

    public static JsonObject Apply(JsonObject current, JsonObject patch) =>
        JsonMergePatch.Apply(current, patch) as JsonObject
            ?? throw new InvalidOperationException("a merge patch of an object with an object is an object");

    private static void Reject(JsonObject? node, string property, string? expected, string prefix = "")
    {
        if (node is null || !node.TryGetPropertyValue(property, out var value))
        {
            return;
        }
        var actual = value?.GetValueKind() == System.Text.Json.JsonValueKind.String ? value.GetValue<string>() : value?.ToJsonString();
        if (actual != expected)
        {
            throw ApiException.BadRequest($"{prefix}{property}: a patch cannot change it (the path says \"{expected}\")");
        }
    }
}
