using System.Globalization;
using System.Net.Sockets;
using Homelab.Api.Meta;
using Homelab.Api.Resources;
using Homelab.Nftables.Model;

namespace Homelab.Nftables.Access;

/// <summary>
/// Resolves every policy's selectors, peers and ports against the current Services and namespaces, with Kubernetes
/// NetworkPolicy semantics. Bad parts of a policy become diagnostics and are left out, which only ever narrows what is allowed.
/// </summary>
internal sealed class PolicyCompiler
{
    private readonly Dictionary<string, IReadOnlyDictionary<string, string>> _namespaces = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<ServiceEndpoint>> _servicesByNamespace = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyList<ServiceEndpoint>> _selectionCache = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Key, string Value), List<ServiceEndpoint>> _byLabel = [];
    private readonly Dictionary<string, HashSet<string>> _namespaceCache = new(StringComparer.Ordinal);
    private readonly List<PolicyDiagnostic> _diagnostics = [];

    public PolicyCompiler(FirewallInput input)
    {
        Services = input.Services
            .DistinctBy(s => s.Key, StringComparer.Ordinal)
            .OrderBy(s => s.Key, StringComparer.Ordinal)
            .ToList();
        foreach (var ns in input.Namespaces)
        {
            _namespaces[ns.Name] = WithNameLabel(ns.Name, ns.Labels);
        }
        foreach (var service in Services)
        {
            if (!_servicesByNamespace.TryGetValue(service.Namespace, out var list))
            {
                _servicesByNamespace[service.Namespace] = list = [];
            }
            list.Add(service);
            foreach (var (key, value) in service.Labels)
            {
                if (!_byLabel.TryGetValue((key, value), out var labelled))
                {
                    _byLabel[(key, value)] = labelled = [];
                }
                labelled.Add(service);
            }
            // A namespace that exists only implicitly still carries its name label.
            if (!_namespaces.ContainsKey(service.Namespace))
            {
                _namespaces[service.Namespace] = WithNameLabel(service.Namespace, new Dictionary<string, string>());
            }
        }
        // In "namespace/name" order, the key made once per policy rather than on every comparison.
        Policies = input.Policies
            .DistinctBy(p => p.Ref)
            .OrderBy(p => p.Ref.ToString(), StringComparer.Ordinal)
            .Select(Compile)
            .ToList();
        // A Route's implied policy applies only where real policies isolate for ingress; elsewhere it would isolate.
        var isolated = Policies.Where(p => !p.Implied && p.IsIngress).SelectMany(p => p.Selected).Select(s => s.Key).ToHashSet(StringComparer.Ordinal);
        Policies = [.. Policies.Select(p => p.Implied ? p with { Selected = [.. p.Selected.Where(s => isolated.Contains(s.Key))] } : p)];
    }

    public IReadOnlyList<ServiceEndpoint> Services { get; }

    public IReadOnlyList<CompiledPolicy> Policies { get; }

    public IReadOnlyList<PolicyDiagnostic> Diagnostics => _diagnostics;

    private CompiledPolicy Compile(PolicyInput policy)
    {
        var spec = policy.Spec;
        var (ingress, egress) = PolicyTypesOf(policy);
        // Admission refuses a policy without a selector; were one here anyway, it selects nothing, as in Kubernetes.
        // A Route's implied policy selects its one backend by name.
        var selected = policy.ImpliedFor is { } only
            ? (IReadOnlyList<ServiceEndpoint>)[.. _servicesByNamespace.GetValueOrDefault(policy.Namespace, []).Where(s => s.Name == only)]
            : spec.ServiceSelector is { } selector ? Select(policy.Namespace, selector) : [];
        var ingressRules = new List<CompiledRule>();
        if (ingress)
        {
            for (var i = 0; i < (spec.Ingress?.Count ?? 0); i++)
            {
                var rule = spec.Ingress![i];
                var path = $"spec.ingress[{i}]";
                ingressRules.Add(new CompiledRule(
                    new RuleRef(policy.Ref, TrafficDirection.Ingress, i),
                    Peers(policy, rule.From, $"{path}.from"),
                    Ports(policy, rule.Ports, $"{path}.ports")));
            }
        }
        var egressRules = new List<CompiledRule>();
        if (egress)
        {
            for (var i = 0; i < (spec.Egress?.Count ?? 0); i++)
            {
                var rule = spec.Egress![i];
                var path = $"spec.egress[{i}]";
                egressRules.Add(new CompiledRule(
                    new RuleRef(policy.Ref, TrafficDirection.Egress, i),
                    Peers(policy, rule.To, $"{path}.to"),
                    Ports(policy, rule.Ports, $"{path}.ports")));
            }
        }
        return new CompiledPolicy(policy.Ref, ingress, egress, selected, ingressRules, egressRules) { Implied = policy.ImpliedFor is not null };
    }

    /// <summary>Kubernetes: absent or empty means Ingress, plus Egress when the policy has egress rules.</summary>
    private (bool Ingress, bool Egress) PolicyTypesOf(PolicyInput policy)
    {
        var types = policy.Spec.PolicyTypes;
        if (types is null || types.Count == 0)
        {
            return (true, policy.Spec.Egress is { Count: > 0 });
        }
        var ingress = false;
        var egress = false;
        for (var i = 0; i < types.Count; i++)
        {
            switch (types[i])
            {
                case PolicyTypes.Ingress:
                    ingress = true;
                    break;
                case PolicyTypes.Egress:
                    egress = true;
                    break;
                default:
                    // Fail closed: an unknown type still isolates for ingress, the direction Kubernetes never leaves open.
                    ingress = true;
                    Report(policy, $"spec.policyTypes[{i}]", $"\"{types[i]}\" is not Ingress or Egress");
                    break;
            }
        }
        return (ingress, egress);
    }

    private PeerMatch Peers(PolicyInput policy, List<NetworkPolicyPeer>? peers, string path)
    {
        if (peers is null || peers.Count == 0)
        {
            return PeerMatch.Anyone;
        }
        var selected = new List<IReadOnlyList<ServiceEndpoint>>();
        var keys = new List<string>();
        var v4 = new List<(Cidr, IReadOnlyList<Cidr>)>();
        var v6 = new List<(Cidr, IReadOnlyList<Cidr>)>();
        for (var j = 0; j < peers.Count; j++)
        {
            var peer = peers[j];
            var peerPath = $"{path}[{j}]";
            if (peer.IpBlock is not null)
            {
                if (peer.ServiceSelector is not null || peer.NamespaceSelector is not null)
                {
                    Report(policy, peerPath, "ipBlock cannot be combined with serviceSelector or namespaceSelector");
                    continue;
                }
                AddBlock(policy, peer.IpBlock, $"{peerPath}.ipBlock", v4, v6);
                continue;
            }
            if (peer.ServiceSelector is null && peer.NamespaceSelector is null)
            {
                Report(policy, peerPath, "needs serviceSelector, namespaceSelector or ipBlock");
                continue;
            }
            var key = PeerKey(policy.Namespace, peer);
            keys.Add(key);
            selected.Add(SelectPeers(key, policy.Namespace, peer));
        }
        return new PeerMatch(
            false,
            // One selector peer (the usual case) keeps the cached list itself, so equal peers are recognised by reference.
            selected.Count == 1 ? selected[0] : selected.SelectMany(l => l).DistinctBy(s => s.Key, StringComparer.Ordinal).OrderBy(s => s.Key, StringComparer.Ordinal).ToList(),
            AddressSet.FromBlocks(AddressFamily.InterNetwork, v4),
            AddressSet.FromBlocks(AddressFamily.InterNetworkV6, v6),
            string.Join("+", keys.SortDistinct(StringComparer.Ordinal)));
    }

    private void AddBlock(PolicyInput policy, IpBlock block, string path, List<(Cidr, IReadOnlyList<Cidr>)> v4, List<(Cidr, IReadOnlyList<Cidr>)> v6)
    {
        if (!Cidr.TryParse(block.Cidr, out var cidr, out var error))
        {
            Report(policy, $"{path}.cidr", error);
            return;
        }
        var except = new List<Cidr>();
        for (var k = 0; k < (block.Except?.Count ?? 0); k++)
        {
            if (!Cidr.TryParse(block.Except![k], out var hole, out error))
            {
                // Without this hole the block would allow more than written: drop the whole block instead.
                Report(policy, $"{path}.except[{k}]", error);
                return;
            }
            if (hole.Family != cidr.Family)
            {
                Report(policy, $"{path}.except[{k}]", "is not of the same address family as cidr");
                return;
            }
            except.Add(hole);
        }
        (cidr.Family == AddressFamily.InterNetwork ? v4 : v6).Add((cidr, except));
    }

    private PortMatch Ports(PolicyInput policy, List<NetworkPolicyPort>? ports, string path)
    {
        if (ports is null || ports.Count == 0)
        {
            return PortMatch.Any;
        }
        var numeric = new List<ProtocolPortRange>();
        var named = new List<NamedPortRef>();
        for (var j = 0; j < ports.Count; j++)
        {
            var port = ports[j];
            var portPath = $"{path}[{j}]";
            var protocol = PortProtocols.Normalize(port.Protocol);
            if (protocol is null)
            {
                Report(policy, $"{portPath}.protocol", $"\"{port.Protocol}\" is not TCP, UDP or SCTP");
                continue;
            }
            if (port.Port is not { } value)
            {
                numeric.Add(new ProtocolPortRange(protocol, 0, 65535));
                continue;
            }
            if (value.Name is { } name)
            {
                if (int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out _) || name.Length == 0)
                {
                    Report(policy, $"{portPath}.port", $"\"{name}\" is not a port name (write numbers without quotes)");
                    continue;
                }
                if (port.EndPort is not null)
                {
                    Report(policy, $"{portPath}.endPort", "cannot be used with a named port");
                    continue;
                }
                named.Add(new NamedPortRef(protocol, name));
                continue;
            }
            var first = value.Number!.Value;
            var last = port.EndPort ?? first;
            if (first is < 1 or > 65535)
            {
                Report(policy, $"{portPath}.port", $"{first} is outside 1-65535");
                continue;
            }
            if (last < first || last > 65535)
            {
                Report(policy, $"{portPath}.endPort", $"{last} must be between port ({first}) and 65535");
                continue;
            }
            numeric.Add(new ProtocolPortRange(protocol, first, last));
        }
        return new PortMatch(false, numeric.SortDistinct(), named.SortDistinct());
    }

    private IReadOnlyList<ServiceEndpoint> Select(string ns, LabelSelector selector)
    {
        var key = $"svc|{ns}|{SelectorKey.Of(selector)}";
        if (!_selectionCache.TryGetValue(key, out var result))
        {
            var pool = Candidates(selector) ?? (_servicesByNamespace.TryGetValue(ns, out var list) ? list : []);
            result = pool.Where(s => s.Namespace == ns && selector.Matches(s.Labels)).ToList();
            _selectionCache[key] = result;
        }
        return result;
    }

    /// <summary>serviceSelector alone: the policy's namespace; namespaceSelector alone: every Service there; both: the intersection.</summary>
    private IReadOnlyList<ServiceEndpoint> SelectPeers(string key, string policyNamespace, NetworkPolicyPeer peer)
    {
        if (_selectionCache.TryGetValue(key, out var cached))
        {
            return cached;
        }
        var namespaces = peer.NamespaceSelector is null ? new HashSet<string>(StringComparer.Ordinal) { policyNamespace } : SelectNamespaces(peer.NamespaceSelector);
        var selector = peer.ServiceSelector ?? new LabelSelector();
        // Candidates keep the Services' key order; namespace by namespace does not ("a-b/x" sorts before "a/x").
        var result = Candidates(selector) is { } candidates
            ? candidates.Where(s => namespaces.Contains(s.Namespace) && selector.Matches(s.Labels)).ToList()
            : namespaces.SelectMany(n => Select(n, selector)).OrderBy(s => s.Key, StringComparer.Ordinal).ToList();
        _selectionCache[key] = result;
        return result;
    }

    private static string PeerKey(string policyNamespace, NetworkPolicyPeer peer) =>
        $"peer|{(peer.NamespaceSelector is null ? policyNamespace : "")}|{SelectorKey.Of(peer.NamespaceSelector)}|{SelectorKey.Of(peer.ServiceSelector)}";

    private HashSet<string> SelectNamespaces(LabelSelector selector)
    {
        var key = SelectorKey.Of(selector);
        if (!_namespaceCache.TryGetValue(key, out var result))
        {
            result = _namespaces.Where(n => selector.Matches(n.Value)).Select(n => n.Key).ToHashSet(StringComparer.Ordinal);
            _namespaceCache[key] = result;
        }
        return result;
    }

    /// <summary>
    /// The Services carrying the selector's rarest matchLabels pair, a superset of its matches, in key order; null when it
    /// has no matchLabels. Keeps one-policy-per-Service linear instead of matching every selector against every Service.
    /// </summary>
    private List<ServiceEndpoint>? Candidates(LabelSelector selector)
    {
        if (selector.MatchLabels is not { Count: > 0 } labels)
        {
            return null;
        }
        List<ServiceEndpoint>? smallest = null;
        foreach (var pair in labels)
        {
            var list = _byLabel.GetValueOrDefault((pair.Key, pair.Value)) ?? [];
            if (smallest is null || list.Count < smallest.Count)
            {
                smallest = list;
            }
        }
        return smallest;
    }

    private void Report(PolicyInput policy, string field, string message) => _diagnostics.Add(new PolicyDiagnostic(policy.Ref, field, message));

    private static Dictionary<string, string> WithNameLabel(string name, IReadOnlyDictionary<string, string> labels)
    {
        var result = new Dictionary<string, string>(labels, StringComparer.Ordinal)
        {
            [NamespaceInfo.NameLabel] = name,
        };
        return result;
    }
}
