using Homelab.Nftables.Model;

namespace Homelab.Nftables.Access;

/// <summary>A policy with its selectors resolved against the current Services and namespaces.</summary>
internal sealed record CompiledPolicy(
    PolicyRef Ref,
    bool IsIngress,
    bool IsEgress,
    IReadOnlyList<ServiceEndpoint> Selected,
    IReadOnlyList<CompiledRule> IngressRules,
    IReadOnlyList<CompiledRule> EgressRules)
{
    public IReadOnlyList<CompiledRule> Rules(TrafficDirection direction) => direction == TrafficDirection.Ingress ? IngressRules : EgressRules;

    public bool Governs(TrafficDirection direction) => direction == TrafficDirection.Ingress ? IsIngress : IsEgress;
}
