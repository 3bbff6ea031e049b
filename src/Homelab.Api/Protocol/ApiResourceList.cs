namespace Homelab.Api.Protocol;

/// <summary>GET /apis/homelab.dev/v1alpha1: the resources this API serves, shaped like Kubernetes discovery.</summary>
public sealed class ApiResourceList
{
    public string Kind { get; set; } = "APIResourceList";
    public string ApiVersion { get; set; } = "v1";
    public string GroupVersion { get; set; } = ApiGroup.ApiVersion;
    public List<ApiResource> Resources { get; set; } = [];
}

public sealed class ApiResource
{
    /// <summary>The plural, or plural/subresource ("services/status").</summary>
    public string Name { get; set; } = "";
    public string SingularName { get; set; } = "";
    public bool Namespaced { get; set; }
    public string Kind { get; set; } = "";
    public List<string> Verbs { get; set; } = [];
    public List<string>? ShortNames { get; set; }
    /// <summary>"homelab" on every kind, so `kubectl get homelab -A` lists them all.</summary>
    public List<string>? Categories { get; set; }
}
