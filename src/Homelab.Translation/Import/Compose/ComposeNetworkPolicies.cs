using Homelab.Api.Meta;
using Homelab.Api.Resources;

namespace Homelab.Translation.Import.Compose;

/// <summary>
/// Compose's reachability as NetworkPolicies. In Compose, services that share a network reach each other on any port
/// and published ports are open to everyone; Homelab isolates nothing until a policy selects a Service. So the import
/// writes: one policy that isolates every Service of the namespace for ingress, one per compose network (named as the
/// network) that lets its members reach each other, and one per Service with published ports that opens those ports
/// to any address, as Podman's port forwarding did.
/// </summary>
internal static class ComposeNetworkPolicies
{
    public const string Isolation = "default-deny-ingress";

    public static List<NetworkPolicy> For(string ns, IReadOnlyList<ImportedService> services)
    {
        var policies = new List<NetworkPolicy> { Policy(ns, Isolation, new LabelSelector(), null) };
        foreach (var network in services.SelectMany(s => s.Networks).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var members = new LabelSelector { MatchLabels = new(StringComparer.Ordinal) { [ComposeLabels.Network(network)] = "true" } };
            policies.Add(Policy(ns, ComposeValues.Name(network), members, new NetworkPolicyIngressRule
            {
                From = [new NetworkPolicyPeer { ServiceSelector = new LabelSelector { MatchLabels = new(members.MatchLabels, StringComparer.Ordinal) } }],
            }));
        }
        foreach (var imported in services)
        {
            var published = (imported.Service.Spec.Ports ?? []).Where(p => p.HostPort is not null).ToList();
            if (published.Count == 0)
            {
                continue;
            }
            var self = new LabelSelector { MatchLabels = new(StringComparer.Ordinal) { [ComposeLabels.Service] = imported.Service.Name } };
            policies.Add(Policy(ns, imported.Service.Name + "-published", self, new NetworkPolicyIngressRule
            {
                From = [new NetworkPolicyPeer { IpBlock = new IpBlock { Cidr = "0.0.0.0/0" } }],
                Ports = [.. published.Select(p => new NetworkPolicyPort { Protocol = p.Protocol ?? Protocols.Tcp, Port = new IntOrString(p.ContainerPort) })],
            }));
        }
        return policies;
    }

    private static NetworkPolicy Policy(string ns, string name, LabelSelector selector, NetworkPolicyIngressRule? rule)
    {
        var policy = new NetworkPolicy { Spec = new NetworkPolicySpec { ServiceSelector = selector, PolicyTypes = [PolicyTypes.Ingress], Ingress = rule is null ? null : [rule] } };
        policy.Metadata.Name = name;
        policy.Metadata.Namespace = ns;
        return policy;
    }
}
