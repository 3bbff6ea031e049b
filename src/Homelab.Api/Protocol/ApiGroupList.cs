namespace Homelab.Api.Protocol;

/// <summary>GET /apis: the one API group homelabd serves, as Kubernetes discovery lists groups.</summary>
public sealed class ApiGroupList
{
    public string Kind { get; set; } = "APIGroupList";
    public string ApiVersion { get; set; } = "v1";
    public List<ApiGroupEntry> Groups { get; set; } = [];
}
