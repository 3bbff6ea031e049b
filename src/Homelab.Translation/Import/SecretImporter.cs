using System.Text.Json.Nodes;
using Homelab.Api;
using Homelab.Api.Resources;

namespace Homelab.Translation.Import;

/// <summary>The reverse of <see cref="Export.SecretExporter"/>: a core Secret's type, data and immutable, stringData
/// folded into data as the apiserver does.</summary>
internal static class SecretImporter
{
    public static JsonObject Import(KubernetesObjects.Entry secret)
    {
        secret.Used = true;
        SecretData.FoldStringData(secret.Object);
        var metadata = Take.Object(secret.Object, "metadata");
        var result = new JsonObject
        {
            ["apiVersion"] = ApiGroup.ApiVersion,
            ["kind"] = "Secret",
            ["metadata"] = ImportedMetadata.Of(secret, metadata),
        };
        if (Take.String(secret.Object, "type") is { } type)
        {
            result["type"] = type;
        }
        if (Take.Node(secret.Object, "data") is JsonObject { Count: > 0 } data)
        {
            result["data"] = data;
        }
        if (Take.Bool(secret.Object, "immutable") is { } immutable)
        {
            result["immutable"] = immutable;
        }
        return result;
    }
}
