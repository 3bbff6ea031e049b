using Homelab.Api.Meta;
using Homelab.Api.Resources;

namespace Homelab.Nftables.Model;

/// <summary>
/// Whether two firewall inputs are the same, field by field: equal inputs compile to the same model and ruleset, so a
/// reconcile whose inputs did not change (a Service's restart count, a policy's own status) need not compile. The records'
/// own equality is no use here, as it compares label maps, port lists and specs by reference.
/// Strict on purpose: order, and null against empty, count as changes. That costs a compile now and then, never a missed
/// change. A field added to the inputs must be added here; FirewallInputEqualityTests fails until it is.
/// </summary>
public static class FirewallInputEquality
{
    public static bool Same(FirewallInput left, FirewallInput right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        return ReferenceEquals(left, right)
            || (ListsEqual(left.Services, right.Services, ServicesEqual)
                && ListsEqual(left.Namespaces, right.Namespaces, NamespacesEqual)
                && ListsEqual(left.Policies, right.Policies, PoliciesEqual));
    }

    private static bool ServicesEqual(ServiceEndpoint a, ServiceEndpoint b) =>
        a.Namespace == b.Namespace
        && a.Name == b.Name
        && LabelsEqual(a.Labels, b.Labels)
        && a.Interface == b.Interface
        && Equals(a.Address, b.Address)
        && Equals(a.Address6, b.Address6)
        && a.Mac == b.Mac
        && ListsEqual(a.Ports, b.Ports, (x, y) => x == y)
        && Equals(a.Gateway, b.Gateway)
        && a.Subnet == b.Subnet
        && a.Subnet6 == b.Subnet6;

    private static bool NamespacesEqual(NamespaceInfo a, NamespaceInfo b) => a.Name == b.Name && LabelsEqual(a.Labels, b.Labels);

    private static bool PoliciesEqual(PolicyInput a, PolicyInput b) => a.Namespace == b.Namespace && a.Name == b.Name && a.ImpliedFor == b.ImpliedFor && SpecsEqual(a.Spec, b.Spec);

    private static bool SpecsEqual(NetworkPolicySpec a, NetworkPolicySpec b) =>
        SelectorsEqual(a.ServiceSelector, b.ServiceSelector)
        && ListsEqual(a.PolicyTypes, b.PolicyTypes, (x, y) => x == y)
        && ListsEqual(a.Ingress, b.Ingress, (x, y) => ListsEqual(x.From, y.From, PeersEqual) && ListsEqual(x.Ports, y.Ports, PortsEqual))
        && ListsEqual(a.Egress, b.Egress, (x, y) => ListsEqual(x.To, y.To, PeersEqual) && ListsEqual(x.Ports, y.Ports, PortsEqual));

    private static bool PeersEqual(NetworkPolicyPeer a, NetworkPolicyPeer b) =>
        SelectorsEqual(a.ServiceSelector, b.ServiceSelector)
        && SelectorsEqual(a.NamespaceSelector, b.NamespaceSelector)
        && Both(a.IpBlock, b.IpBlock, (x, y) => x.Cidr == y.Cidr && ListsEqual(x.Except, y.Except, (e, f) => e == f));

    private static bool PortsEqual(NetworkPolicyPort a, NetworkPolicyPort b) => a.Protocol == b.Protocol && a.Port == b.Port && a.EndPort == b.EndPort;

    private static bool SelectorsEqual(LabelSelector? a, LabelSelector? b) =>
        Both(a, b, (x, y) => LabelsEqual(x.MatchLabels, y.MatchLabels)
            && ListsEqual(x.MatchExpressions, y.MatchExpressions, (e, f) => e.Key == f.Key && e.Operator == f.Operator && ListsEqual(e.Values, f.Values, (v, w) => v == w)));

    private static bool LabelsEqual(IReadOnlyDictionary<string, string>? a, IReadOnlyDictionary<string, string>? b)
    {
        if (ReferenceEquals(a, b))
        {
            return true;
        }
        if (a is null || b is null || a.Count != b.Count)
        {
            return false;
        }
        foreach (var (key, value) in a)
        {
            if (!b.TryGetValue(key, out var other) || other != value)
            {
                return false;
            }
        }
        return true;
    }

    private static bool ListsEqual<T>(IReadOnlyList<T>? a, IReadOnlyList<T>? b, Func<T, T, bool> equal)
    {
        if (ReferenceEquals(a, b))
        {
            return true;
        }
        if (a is null || b is null || a.Count != b.Count)
        {
            return false;
        }
        for (var i = 0; i < a.Count; i++)
        {
            if (!equal(a[i], b[i]))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Both null, or both there and equal.</summary>
    private static bool Both<T>(T? a, T? b, Func<T, T, bool> equal) where T : class =>
        ReferenceEquals(a, b) || (a is not null && b is not null && equal(a, b));
}
