using System.Text.Json.Nodes;

namespace Homelab.Server.Kubernetes;

/// <summary>
/// The OpenAPI schema of ObjectMeta as far as homelabd stores it (the fields of <see cref="Api.Meta.ObjectMeta"/>), with
/// Kubernetes' descriptions shortened: what kubectl explain prints for KIND.metadata and its fields.
/// </summary>
internal static class ObjectMetaSchema
{
    public const string Description = "Standard object's metadata: name, namespace, labels, annotations and the fields the server sets.";

    public static JsonObject Build() => new()
    {
        ["description"] = "ObjectMeta is metadata that all persisted resources must have, which includes all objects users must create.",
        ["type"] = "object",
        ["properties"] = new JsonObject
        {
            ["name"] = Text("Name must be unique within a namespace (a DNS-1123 label). Required when creating, unless generateName is given."),
            ["generateName"] = Text("An optional prefix the server uses to generate a unique name, used only if name is not given: the prefix and five random characters."),
            ["namespace"] = Text("The namespace of a namespaced object; default when empty."),
            ["labels"] = Map("Map of string keys and values used to organize and select objects (serviceSelector, namespaceSelector, -l)."),
            ["annotations"] = Map("Unstructured key-value map stored with the object, not used to select it."),
            ["uid"] = Text("The unique identity of this object, set by the server on create. Read-only."),
            ["resourceVersion"] = Text("The internal version of this object, for optimistic concurrency and watches. Opaque; read-only."),
            ["generation"] = new JsonObject { ["description"] = "A sequence number for the desired state (spec), set by the server. Read-only.", ["type"] = "integer", ["format"] = "int64" },
            ["creationTimestamp"] = Time("When this object was created, set by the server. Read-only."),
            ["deletionTimestamp"] = Time("When the deletion of this object was requested; set while finalizers run. Read-only."),
            ["finalizers"] = new JsonObject
            {
                ["description"] = "Must be empty before the object is deleted from the store; each entry names a controller's pending cleanup.",
                ["type"] = "array",
                ["items"] = new JsonObject { ["type"] = "string", ["default"] = "" },
            },
        },
    };

    private static JsonObject Text(string description) => new() { ["description"] = description, ["type"] = "string" };

    private static JsonObject Time(string description) => new() { ["description"] = description, ["type"] = "string", ["format"] = "date-time" };

    private static JsonObject Map(string description) => new()
    {
        ["description"] = description,
        ["type"] = "object",
        ["additionalProperties"] = new JsonObject { ["type"] = "string", ["default"] = "" },
    };
}
