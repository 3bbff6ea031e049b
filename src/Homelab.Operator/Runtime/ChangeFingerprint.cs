using System.Text.Json.Nodes;
using Homelab.Store;

namespace Homelab.Operator.Runtime;

/// <summary>
/// What a change must touch to matter to an object's own controller: the metadata (labels, annotations, finalizers,
/// deletionTimestamp, and generation, which the store bumps exactly when the spec changes), minus resourceVersion,
/// which every write moves.
/// </summary>
internal static class ChangeFingerprint
{
    public static string Of(StoredObject stored)
    {
        if (stored.ToNode()["metadata"] is not JsonObject metadata)
        {
            return "";
        }
        metadata.Remove("resourceVersion");
        return metadata.ToJsonString();
    }
}
