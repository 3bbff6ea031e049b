using Homelab.Api.Meta;

namespace Homelab.Api.Resources;

/// <summary>A cluster-scoped grouping of Services and policies. Selected by its labels in namespaceSelector.</summary>
public sealed class Namespace : Resource<NamespaceSpec, ResourceStatus>
{
    public Namespace() => Kind = ResourceKinds.Namespace.Kind;
}

public sealed class NamespaceSpec
{
}
