using System.Text.Json.Nodes;
using Homelab.Api.Resources;
using Homelab.Api.Serialization;

namespace Homelab.Store;

/// <summary>An immutable snapshot of one stored object. <see cref="Json"/> is the full object, resourceVersion included.</summary>
public sealed record StoredObject(ObjectKey Key, long ResourceVersion, string Json, IReadOnlyDictionary<string, string> Labels)
{
    public JsonObject ToNode() => (JsonObject)JsonNode.Parse(Json)!;

    public T ToResource<T>() where T : Resource => HomelabJson.ToResource<T>(ToNode());

    public Resource ToResource() => HomelabJson.ToResource(ToNode());
}
