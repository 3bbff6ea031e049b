using System.Text.Json.Nodes;
using Homelab.Api.Meta;
using Homelab.Api.Resources;
using Homelab.Api.Serialization;

namespace Homelab.Server.Kubernetes;

/// <summary>
/// Drops the fields a kind's CRD schema does not know, as kube-apiserver prunes custom resources under
/// <c>fieldValidation=Ignore|Warn</c>, and names each one (<c>spec.ports[0].hostIp</c>) for the warnings. Metadata is
/// pruned to the fields of <see cref="ObjectMeta"/>. Under Strict (the default) nothing is pruned and admission refuses.
/// </summary>
internal static class SchemaPruner
{
    private static readonly Lazy<HashSet<string>> MetadataFields = new(() =>
        [.. HomelabJson.Options.GetTypeInfo(typeof(ObjectMeta)).Properties.Select(p => p.Name)]);

    /// <summary>Removes unknown fields from <paramref name="obj"/> in place; returns their paths, in document order.</summary>
    public static IReadOnlyList<string> Prune(JsonObject obj, KindInfo kind)
    {
        var dropped = new List<string>();
        var schema = CrdSchemas.For(kind);
        foreach (var name in obj.Select(p => p.Key).ToList())
        {
            if (name == "metadata" && obj[name] is JsonObject metadata)
            {
                foreach (var field in metadata.Select(p => p.Key).Where(f => !MetadataFields.Value.Contains(f)).ToList())
                {
                    metadata.Remove(field);
                    dropped.Add("metadata." + field);
                }
            }
            else if (schema["properties"]?[name] is JsonObject property)
            {
                Walk(obj[name], property, name, dropped);
            }
            else if (name is not ("apiVersion" or "kind"))
            {
                obj.Remove(name);
                dropped.Add(name);
            }
        }
        return dropped;
    }

    private static void Walk(JsonNode? node, JsonObject schema, string path, List<string> dropped)
    {
        if (schema["x-kubernetes-preserve-unknown-fields"] is JsonValue preserve && preserve.GetValue<bool>())
        {
            return;
        }
        switch (node)
        {
            case JsonObject obj when schema["properties"] is JsonObject properties:
                foreach (var name in obj.Select(p => p.Key).ToList())
                {
                    if (properties[name] is JsonObject property)
                    {
                        Walk(obj[name], property, path + "." + name, dropped);
                    }
                    else
                    {
                        obj.Remove(name);
                        dropped.Add(path + "." + name);
                    }
                }
                break;
            case JsonObject map when schema["additionalProperties"] is JsonObject values:
                foreach (var (name, value) in map.ToList())
                {
                    Walk(value, values, $"{path}[{name}]", dropped);
                }
                break;
            case JsonArray array when schema["items"] is JsonObject items:
                for (var i = 0; i < array.Count; i++)
                {
                    Walk(array[i], items, $"{path}[{i}]", dropped);
                }
                break;
        }
    }
}
