using System.Text.Json.Nodes;
using Homelab.Api.Serialization;

namespace Homelab.Cli.Apply;

/// <summary>Identity of an object: kind, namespace ("" for cluster-scoped kinds) and name.</summary>
internal readonly record struct ObjectRef(string Kind, string Namespace, string Name)
{
    public static ObjectRef Of(JsonObject obj) => new(JsonText.Kind(obj), JsonText.Namespace(obj) ?? "", JsonText.Name(obj));
}
