using System.Text.Json.Nodes;
using Homelab.Api;

namespace Homelab.Server.Tests;

internal static class Manifests
{
    public static JsonObject Service(string name, string ns = "default", string image = "registry.local/web:1.0", int containerPort = 8080, IReadOnlyDictionary<string, string>? labels = null)
    {
        var metadata = new JsonObject { ["name"] = name, ["namespace"] = ns };
        if (labels is not null)
        {
            metadata["labels"] = new JsonObject(labels.Select(l => KeyValuePair.Create(l.Key, (JsonNode?)JsonValue.Create(l.Value))));
        }
        return new JsonObject
        {
            ["apiVersion"] = ApiGroup.ApiVersion,
            ["kind"] = "Service",
            ["metadata"] = metadata,
            ["spec"] = new JsonObject
            {
                ["image"] = image,
                ["ports"] = new JsonArray(new JsonObject { ["name"] = "http", ["containerPort"] = containerPort }),
            },
        };
    }

    public static JsonObject Namespace(string name) => new()
    {
        ["apiVersion"] = ApiGroup.ApiVersion,
        ["kind"] = "Namespace",
        ["metadata"] = new JsonObject { ["name"] = name },
    };
}
