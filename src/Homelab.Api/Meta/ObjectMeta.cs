namespace Homelab.Api.Meta;

/// <summary>Kubernetes-shaped object metadata. Server-owned fields (uid, resourceVersion, generation, timestamps) are ignored on input.</summary>
public sealed class ObjectMeta
{
    public string Name { get; set; } = "";

    /// <summary>On create without a name: the prefix the server draws the name from (kept, as Kubernetes keeps it).</summary>
    public string? GenerateName { get; set; }
    public string? Namespace { get; set; }
    public Dictionary<string, string>? Labels { get; set; }
    public Dictionary<string, string>? Annotations { get; set; }
    public string? Uid { get; set; }
    /// <summary>The store revision of the last write to this object; opaque to clients.</summary>
    public string? ResourceVersion { get; set; }
    public long? Generation { get; set; }
    public DateTimeOffset? CreationTimestamp { get; set; }
    public DateTimeOffset? DeletionTimestamp { get; set; }
    public List<string>? Finalizers { get; set; }
}
