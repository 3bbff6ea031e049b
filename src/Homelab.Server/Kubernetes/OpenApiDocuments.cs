using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Homelab.Api;
using Homelab.Api.Resources;
using Homelab.Api.Serialization;

namespace Homelab.Server.Kubernetes;

/// <summary>
/// The OpenAPI documents kubectl reads (explain, --validate=strict, apply's choice of patch), built from the very
/// CustomResourceDefinitions in crds/ (embedded at build time; a test keeps them in step with the C# types). The v3
/// group-version document declares for each kind a PATCH that takes fieldValidation, merge and JSON patches (no
/// strategic merge), so kubectl leaves validation to the server and sends JSON merge patches for apply. Every kind's
/// metadata refers to Kubernetes' ObjectMeta, so `kubectl explain services.metadata.labels` finds its fields.
/// </summary>
internal static class OpenApiDocuments
{
    public const string GroupVersionPath = "apis/" + ApiGroup.ApiVersion;

    private static readonly Lazy<(string V3, string Hash, string V2)> Documents = new(Build);

    /// <summary>GET /openapi/v3: where the one group-version document lives, with its hash as Kubernetes publishes it.</summary>
    public static string V3Root => new JsonObject
    {
        ["paths"] = new JsonObject
        {
            [GroupVersionPath] = new JsonObject { ["serverRelativeURL"] = $"/openapi/v3/{GroupVersionPath}?hash={Documents.Value.Hash}" },
        },
    }.ToJsonString();

    public static string V3GroupVersion => Documents.Value.V3;

    public static string V2 => Documents.Value.V2;

    /// <summary>"dev.homelab.v1alpha1.Service": Kubernetes' reverse-domain naming of a group's definitions.</summary>
    public static string SchemaName(KindInfo kind) => string.Join('.', ApiGroup.Group.Split('.').Reverse()) + "." + ApiGroup.Version + "." + kind.Kind;

    /// <summary>Kubernetes' name for ObjectMeta's schema, which kubectl explain follows from every kind's metadata.</summary>
    public const string ObjectMetaName = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";

    private static (string, string, string) Build()
    {
        var schemas = new JsonObject { [ObjectMetaName] = ObjectMetaSchema.Build() };
        var definitions = new JsonObject { [ObjectMetaName] = ObjectMetaSchema.Build() };
        var paths = new JsonObject();
        foreach (var kind in ResourceKinds.All)
        {
            // v3 refers with allOf (a $ref may have no siblings there), v2 with $ref beside the description, as Kubernetes does.
            var v3Schema = SchemaOf(kind);
            v3Schema["properties"]!["metadata"] = new JsonObject
            {
                ["description"] = ObjectMetaSchema.Description,
                ["allOf"] = new JsonArray(new JsonObject { ["$ref"] = $"#/components/schemas/{ObjectMetaName}" }),
            };
            schemas[SchemaName(kind)] = v3Schema;
            var v2Schema = SchemaOf(kind);
            v2Schema["properties"]!["metadata"] = new JsonObject { ["description"] = ObjectMetaSchema.Description, ["$ref"] = $"#/definitions/{ObjectMetaName}" };
            definitions[SchemaName(kind)] = v2Schema;
            var item = kind.Namespaced ? $"/{GroupVersionPath}/namespaces/{{namespace}}/{kind.Plural}/{{name}}" : $"/{GroupVersionPath}/{kind.Plural}/{{name}}";
            paths[item] = new JsonObject
            {
                ["get"] = Operation(kind, "read", withBody: false),
                ["patch"] = Operation(kind, "patch", withBody: true),
            };
        }
        var v3 = new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = new JsonObject { ["title"] = "Homelab", ["version"] = ApiGroup.Version },
            ["paths"] = paths,
            ["components"] = new JsonObject { ["schemas"] = schemas },
        }.ToJsonString();
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(v3)))[..32];
        var v2 = new JsonObject
        {
            ["swagger"] = "2.0",
            ["info"] = new JsonObject { ["title"] = "Homelab", ["version"] = ApiGroup.Version },
            ["paths"] = new JsonObject(),
            ["definitions"] = definitions,
        }.ToJsonString();
        return (v3, hash, v2);
    }

    private static JsonObject Operation(KindInfo kind, string verb, bool withBody)
    {
        var reference = new JsonObject { ["$ref"] = $"#/components/schemas/{SchemaName(kind)}" };
        var operation = new JsonObject
        {
            ["operationId"] = $"{verb}{kind.Kind}",
            ["parameters"] = new JsonArray(QueryParameter("dryRun"), QueryParameter("fieldManager"), QueryParameter("fieldValidation")),
            ["responses"] = new JsonObject
            {
                ["200"] = new JsonObject
                {
                    ["description"] = "OK",
                    ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = reference.DeepClone() } },
                },
            },
            ["x-kubernetes-action"] = verb == "read" ? "get" : verb,
            ["x-kubernetes-group-version-kind"] = Gvk(kind),
        };
        if (withBody)
        {
            operation["requestBody"] = new JsonObject
            {
                ["content"] = new JsonObject
                {
                    ["application/merge-patch+json"] = new JsonObject { ["schema"] = new JsonObject { ["type"] = "object" } },
                    ["application/json-patch+json"] = new JsonObject { ["schema"] = new JsonObject { ["type"] = "array" } },
                },
            };
        }
        return operation;
    }

    private static JsonObject QueryParameter(string name) => new()
    {
        ["name"] = name,
        ["in"] = "query",
        ["schema"] = new JsonObject { ["type"] = "string", ["uniqueItems"] = true },
    };

    private static JsonObject Gvk(KindInfo kind) => new() { ["group"] = ApiGroup.Group, ["kind"] = kind.Kind, ["version"] = ApiGroup.Version };

    private static JsonObject SchemaOf(KindInfo kind)
    {
        var schema = (JsonObject)CrdSchemas.For(kind).DeepClone();
        schema["x-kubernetes-group-version-kind"] = new JsonArray(Gvk(kind));
        return schema;
    }
}
