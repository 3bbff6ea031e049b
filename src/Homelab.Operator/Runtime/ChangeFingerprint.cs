using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Homelab.Store;

namespace Homelab.Operator.Runtime;

/// <summary>
/// What a change must touch to matter to an object's own controller: everything but its status — the metadata
/// (labels, annotations, finalizers, deletionTimestamp, and generation, which the store bumps exactly when the spec
/// changes, so the spec itself need not be compared) and the fields of kinds without a spec, such as a Secret's data —
/// minus resourceVersion, which every write moves. Kept as a hash: a Secret's values are not held twice.
/// </summary>
internal static class ChangeFingerprint
{
    public static string Of(StoredObject stored)
    {
        var node = stored.ToNode();
        node.Remove("status");
        node.Remove("spec");
        if (node["metadata"] is JsonObject metadata)
        {
            metadata.Remove("resourceVersion");
        }
        return Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(node.ToJsonString())));
    }
}
