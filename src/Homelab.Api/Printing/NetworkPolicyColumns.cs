using System.Text.Json.Nodes;
using Homelab.Api.Meta;
using Homelab.Api.Resources;

namespace Homelab.Api.Printing;

public sealed class NetworkPolicyColumns : IKindColumns
{
    public IReadOnlyList<string> Headers(bool wide) => wide
        ? ["NAME", "SERVICE-SELECTOR", "POLICY-TYPES", "READY", "AGE", "INGRESS", "EGRESS"]
        : ["NAME", "SERVICE-SELECTOR", "POLICY-TYPES", "READY", "AGE"];

    public IReadOnlyList<string> Cells(JsonObject obj, bool wide, DateTimeOffset now)
    {
        var policy = LenientJson.To<NetworkPolicy>(obj);
        var cells = new List<string>
        {
            policy.Name,
            SelectorText.Format(policy.Spec.ServiceSelector),
            string.Join(',', EffectiveTypes(policy.Spec)),
            Conditions.Text(policy, policy.Status, ConditionTypes.Ready),
            Age.Since(policy.Metadata.CreationTimestamp, now),
        };
        if (wide)
        {
            var types = EffectiveTypes(policy.Spec);
            cells.Add(types.Contains(PolicyTypes.Ingress) ? Rules(policy.Spec.Ingress?.Select(r => (r.From, r.Ports)), "from") : SelectorText.None);
            cells.Add(types.Contains(PolicyTypes.Egress) ? Rules(policy.Spec.Egress?.Select(r => (r.To, r.Ports)), "to") : SelectorText.None);
        }
        return cells;
    }

    /// <summary>As Kubernetes defaults them: Ingress always, Egress when egress rules exist.</summary>
    public static IReadOnlyList<string> EffectiveTypes(NetworkPolicySpec spec) =>
        spec.PolicyTypes is { Count: > 0 } types ? types
        : spec.Egress is { Count: > 0 } ? [PolicyTypes.Ingress, PolicyTypes.Egress]
        : [PolicyTypes.Ingress];

    /// <summary>For an isolated direction: "deny all" without rules, else one "peers:ports" summary per rule, ";"-separated: "svc(app=caddy)@ns(team=edge),192.168.1.0/24:TCP/http".</summary>
    public static string Rules(IEnumerable<(List<NetworkPolicyPeer>? Peers, List<NetworkPolicyPort>? Ports)>? rules, string direction)
    {
        var list = rules?.ToList() ?? [];
        if (list.Count == 0)
        {
            return "deny all";
        }
        return string.Join(';', list.Select(r => $"{Peers(r.Peers, direction)}:{PortList(r.Ports)}"));
    }

    public static string Peers(IReadOnlyList<NetworkPolicyPeer>? peers, string direction) => peers is null || peers.Count == 0
        ? $"{direction} any"
        : string.Join(',', peers.Select(Peer));

    private static string Peer(NetworkPolicyPeer peer)
    {
        if (peer.IpBlock is { } block)
        {
            return block.Except is { Count: > 0 } except ? $"{block.Cidr} except {string.Join(' ', except)}" : block.Cidr;
        }
        var service = peer.ServiceSelector is null ? null : $"svc({SelectorText.Format(peer.ServiceSelector).Replace(SelectorText.None, "all", StringComparison.Ordinal)})";
        var ns = peer.NamespaceSelector is null ? null : $"ns({SelectorText.Format(peer.NamespaceSelector).Replace(SelectorText.None, "all", StringComparison.Ordinal)})";
        return service is not null && ns is not null ? $"{service}@{ns}" : service ?? ns ?? "any";
    }

    private static string PortList(IReadOnlyList<NetworkPolicyPort>? ports) => ports is null || ports.Count == 0
        ? "all ports"
        : string.Join(',', ports.Select(p => $"{p.Protocol ?? "TCP"}/{(p.Port is { } port ? port.ToString() : "all")}{(p.EndPort is { } end ? $"-{end}" : "")}"));
}
