using System.Text.Json.Serialization;
using Homelab.Api.Meta;

namespace Homelab.Api.Resources;

/// <summary>The envelope every kind shares: apiVersion, kind and metadata.</summary>
public abstract class Resource
{
    [JsonPropertyOrder(-3)]
    public string ApiVersion { get; set; } = ApiGroup.ApiVersion;

    [JsonPropertyOrder(-2)]
    public string Kind { get; set; } = "";

    [JsonPropertyOrder(-1)]
    public ObjectMeta Metadata { get; set; } = new();

    [JsonIgnore]
    public string Name => Metadata.Name;

    /// <summary>The namespace, or "" for cluster-scoped kinds.</summary>
    [JsonIgnore]
    public string Namespace => Metadata.Namespace ?? "";

    [JsonIgnore]
    public long Generation => Metadata.Generation ?? 0;
}

/// <summary>A kind with a spec (desired state, written by users) and a status (observed state, written by controllers).</summary>
public abstract class Resource<TSpec, TStatus> : Resource
    where TSpec : new()
    where TStatus : ResourceStatus, new()
{
    public TSpec Spec { get; set; } = new();

    public TStatus? Status { get; set; }
}
