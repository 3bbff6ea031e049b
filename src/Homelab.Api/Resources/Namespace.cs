using Homelab.Api.Meta;

namespace Homelab.Api.Resources;

/// <summary>A cluster-scoped grouping of Services and policies. Selected by its labels in namespaceSelector.</summary>
public sealed class Namespace : Resource<NamespaceSpec, NamespaceStatus>
{
    public Namespace() => Kind = ResourceKinds.Namespace.Kind;
}

public sealed class NamespaceSpec
{
}

/// <summary>As Kubernetes' NamespaceStatus: the store sets <see cref="Phase"/>, Active on create and Terminating on delete.</summary>
public sealed class NamespaceStatus : ResourceStatus
{
    public const string Active = "Active";
    public const string Terminating = "Terminating";

    public string? Phase { get; set; }
}
