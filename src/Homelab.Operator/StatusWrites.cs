using System.Text.Json.Nodes;
using Homelab.Api.Resources;
using Homelab.Api.Serialization;

namespace Homelab.Operator;

/// <summary>
/// The one way controllers write status: take a snapshot before changing it, write only when it differs. A steady object
/// then causes no store write and no watch event, whichever controller looks at it.
/// </summary>
public static class StatusWrites
{
    /// <summary>The object's status as it is now, detached from it.</summary>
    public static JsonNode? Snapshot(Resource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        return HomelabJson.ToNode(resource)["status"]?.DeepClone();
    }

    /// <summary>Writes <paramref name="resource"/>'s status when it differs from <paramref name="before"/>; true when it wrote.</summary>
    public static async Task<bool> UpdateStatusIfChangedAsync<T>(this IResourceClient client, T resource, JsonNode? before, CancellationToken cancellationToken)
        where T : Resource
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(resource);
        if (JsonNode.DeepEquals(before, HomelabJson.ToNode(resource)["status"]))
        {
            return false;
        }
        return await client.UpdateStatusAsync(resource, cancellationToken).ConfigureAwait(false);
    }
}
