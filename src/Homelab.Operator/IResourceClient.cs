using System.Text.Json.Nodes;
using Homelab.Api.Meta;
using Homelab.Api.Resources;

namespace Homelab.Operator;

/// <summary>What a controller may read and write. Writes are atomic patches, so controllers never fight over resourceVersion.</summary>
public interface IResourceClient
{
    /// <summary>The current object, or null. For cluster-scoped kinds pass "" as the namespace.</summary>
    T? Get<T>(string ns, string name) where T : Resource;

    /// <summary>Objects of a kind, all namespaces when <paramref name="ns"/> is null.</summary>
    IReadOnlyList<T> List<T>(string? ns = null, LabelSelector? selector = null) where T : Resource;

    /// <summary>Writes <paramref name="resource"/>'s status as it is (no generation bump, does not retrigger the writer's controller). Returns false when the object is gone.</summary>
    Task<bool> UpdateStatusAsync<T>(T resource, CancellationToken cancellationToken) where T : Resource;

    /// <summary>Atomically transforms metadata/spec of the current object (admission runs on the result). Returns the stored result, or null when the object is gone.</summary>
    Task<T?> PatchAsync<T>(string ns, string name, Func<JsonObject, JsonObject> transform, CancellationToken cancellationToken) where T : Resource;

    /// <summary>Records a Normal or Warning event about an object; repeats are folded.</summary>
    void RecordEvent(Resource involved, string type, string reason, string message);
}

public static class EventTypes
{
    public const string Normal = "Normal";
    public const string Warning = "Warning";
}
