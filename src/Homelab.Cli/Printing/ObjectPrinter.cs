using System.Text.Json.Nodes;
using Homelab.Api.Resources;
using Homelab.Api.Serialization;

namespace Homelab.Cli.Printing;

/// <summary>-o yaml|json|name for one object or a kubectl "List" of them.</summary>
internal static class ObjectPrinter
{
    public static string Json(JsonNode node) => node.ToJsonString(HomelabJson.Indented) + "\n";

    public static string Yaml(JsonNode node) => YamlOutput.Write(node);

    public static string Name(KindInfo kind, JsonObject obj) => $"{kind.Singular}/{JsonText.Name(obj)}\n";

    /// <summary>kubectl wraps several objects in apiVersion v1, kind List.</summary>
    public static JsonObject List(IEnumerable<JsonObject> items) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "List",
        ["items"] = new JsonArray([.. items.Select(i => (JsonNode)i.DeepClone())]),
        ["metadata"] = new JsonObject { ["resourceVersion"] = "" },
    };

    public static string Format(string format, JsonNode node) => format == OutputFormat.Json ? Json(node) : Yaml(node);
}
