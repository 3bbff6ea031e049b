using System.Text.Json.Nodes;
using Homelab.Api;

namespace Homelab.Store.Tests;

internal static class Manifests
{
    public static ObjectKey ServiceKey(string name, string ns = "default") => new("Service", ns, name);

    public static ObjectKey NamespaceKey(string name) => new("Namespace", "", name);

    public static JsonObject Service(string name, string ns = "default", string image = "registry.local/web:1.0", Dictionary<string, string>? labels = null, string[]? finalizers = null)
    {
        var metadata = new JsonObject { ["name"] = name, ["namespace"] = ns };
        if (labels is not null)
        {
            metadata["labels"] = new JsonObject(labels.Select(l => KeyValuePair.Create(l.Key, (JsonNode?)l.Value)));
        }
        if (finalizers is not null)
        {
            metadata["finalizers"] = new JsonArray(finalizers.Select(f => (JsonNode?)f).ToArray());
        }
        return new JsonObject
        {
            ["apiVersion"] = ApiGroup.ApiVersion,
            ["kind"] = "Service",
            ["metadata"] = metadata,
            ["spec"] = new JsonObject { ["image"] = image },
        };
    }

    public static JsonObject Namespace(string name) => new()
    {
        ["apiVersion"] = ApiGroup.ApiVersion,
        ["kind"] = "Namespace",
        ["metadata"] = new JsonObject { ["name"] = name },
    };

    public static WriteResult CreateService(this IResourceStore store, string name, string ns = "default", string image = "registry.local/web:1.0", Dictionary<string, string>? labels = null, string[]? finalizers = null) =>
        store.Commit([Mutation.Create(ServiceKey(name, ns), Service(name, ns, image, labels, finalizers))]).Single();

    public static WriteResult CreateNamespace(this IResourceStore store, string name) =>
        store.Commit([Mutation.Create(NamespaceKey(name), Namespace(name))]).Single();

    public static WriteResult Apply(this IResourceStore store, Mutation mutation) => store.Commit([mutation]).Single();

    public static string? Image(this StoredObject obj) => obj.ToNode()["spec"]?["image"]?.GetValue<string>();

    public static long Generation(this StoredObject obj) => obj.ToNode()["metadata"]!["generation"]!.GetValue<long>();
}
