namespace Homelab.Api.Resources;

/// <summary>One container on its own Podman network.</summary>
public sealed class Service : Resource<ServiceSpec, ServiceStatus>
{
    public Service() => Kind = ResourceKinds.Service.Kind;
}
