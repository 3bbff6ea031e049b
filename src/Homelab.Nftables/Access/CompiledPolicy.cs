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
    /// <summary>A Route's implied allowance (<see cref="PolicyInput.ImpliedFor"/>): it never isolates.</summary>
    public bool Implied { get; init; }

    public IReadOnlyList<CompiledRule> Rules(TrafficDirection direction) => direction == TrafficDirection.Ingress ? IngressRules : EgressRules;

    public bool Governs(TrafficDirection direction) => direction == TrafficDirection.Ingress ? IsIngress : IsEgress;

    /// <summary>The rules of the directions the policy governs, ingress first.</summary>
    public IEnumerable<CompiledRule> GovernedRules() => (IsIngress ? IngressRules : []).Concat(IsEgress ? EgressRules : []);
}
