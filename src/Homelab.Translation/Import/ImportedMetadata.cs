using System.Text.Json.Nodes;

namespace Homelab.Translation.Import;

/// <summary>The metadata of an object that maps 1:1 (NetworkPolicy, Secret): identity, labels and annotations as they are.</summary>
internal static class ImportedMetadata
{
    public static JsonObject Of(KubernetesObjects.Entry entry, JsonObject? metadata)
    {
        var result = new JsonObject { ["name"] = entry.Name, ["namespace"] = entry.Namespace };
        foreach (var field in (string[])["labels", "annotations"])
        {
            if (Take.Node(metadata, field) is JsonObject { Count: > 0 } map)
            {
                result[field] = map;
            }
        }
        return result;
    }
}
