using System.Net.Sockets;
using System.Text.RegularExpressions;
using Homelab.Nftables.Access;
using Homelab.Nftables.Model;

namespace Homelab.Nftables.Rendering;

/// <summary>
/// One rendering. Layout of the inet table:
/// base chains dispatch on the bridge with verdict maps — <c>iifname vmap @egress_dispatch</c> into the source's egress chain,
/// <c>oifname vmap @ingress_dispatch</c> into the destination's ingress chain. A Service's chain jumps to the chain of each
/// policy that isolates it and drops what none accepts. Services isolated by the same policies share one chain, and a rule's
/// peers and ports are named sets shared by every Service the policy selects, so the size grows with Services plus policies,
/// never their product. An egress rule that allows goes on to <c>ingress_check</c>, because a connection needs the source's
/// egress and the destination's ingress.
/// </summary>
internal sealed partial class RenderPass(AccessModel model, string table)
{
    private const string Accept = "accept";
    private const string EgressAllowed = "goto ingress_check";

    private readonly List<NftSet> _sets = [];
    private readonly List<NftChain> _chains = [];
    private readonly Dictionary<string, string> _peerSetsByContent = new(StringComparer.Ordinal);
    private readonly Dictionary<IReadOnlyList<ServiceEndpoint>, string> _peerSetsByList = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<string, NftSet> _setsByName = new(StringComparer.Ordinal);
    private readonly Dictionary<PolicyRef, string> _policyText = [];

    public NftRuleset Run()
    {
        var policyChains = new HashSet<string>(StringComparer.Ordinal);
        var policyParts = new List<(PolicyRef Ref, List<NftSet> Sets, List<NftChain> Chains)>();
        foreach (var policy in model.CompiledPolicies)
        {
            var sets = new List<NftSet>();
            var chains = new List<NftChain>();
            foreach (var direction in new[] { TrafficDirection.Ingress, TrafficDirection.Egress })
            {
                if (PolicyChain(policy, direction, sets) is { } chain)
                {
                    chains.Add(chain);
                    policyChains.Add(chain.Name);
                }
            }
            policyParts.Add((policy.Ref, sets, chains));
        }

        var running = model.Services.Where(s => s.Interface is not null).ToList();
        var ingressDispatch = IsolationChains(running, TrafficDirection.Ingress, policyChains);
        var egressDispatch = IsolationChains(running, TrafficDirection.Egress, policyChains);

        var inet = new NftWriter();
        inet.Open($"table inet {table}");
        inet.Line(NftText.Comment("Homelab NetworkPolicy: generated, replaced as a whole on every change; do not edit"));
        foreach (var set in GuardSets(running))
        {
            set.WriteTo(inet);
        }
        new NftSet("map", "egress_dispatch", "ifname : verdict", false, egressDispatch).WriteTo(inet);
        new NftSet("map", "ingress_dispatch", "ifname : verdict", false, ingressDispatch).WriteTo(inet);
        foreach (var set in _sets)
        {
            set.WriteTo(inet);
        }
        foreach (var chain in BaseChains())
        {
            chain.WriteTo(inet);
        }
        foreach (var chain in _chains.OrderBy(c => c.Name, StringComparer.Ordinal))
        {
            chain.WriteTo(inet);
        }
        foreach (var (_, _, chains) in policyParts)
        {
            foreach (var chain in chains)
            {
                chain.WriteTo(inet);
            }
        }
        inet.Close();

        foreach (var (policy, sets, chains) in policyParts)
        {
            var text = new NftWriter();
            foreach (var set in sets)
            {
                set.WriteTo(text);
            }
            foreach (var chain in chains)
            {
                chain.WriteTo(text);
            }
            _policyText[policy] = text.ToString();
        }
        return new NftRuleset(table, inet.ToString(), ArpTable(running), _policyText);
    }

    private static IEnumerable<NftChain> BaseChains()
    {
        const string Replies = "ct state established,related counter accept comment \"replies and related traffic\"";
        // Before conntrack (raw priority): a forged packet never creates connection state.
        yield return new NftChain("prerouting", "type filter hook prerouting priority raw; policy accept;",
            ["iifname @guarded jump antispoof"]);
        yield return new NftChain("antispoof", null,
        [
            $"iifname @mac_guarded iifname . ether saddr != @mac_bindings counter drop {NftText.Comment("anti-spoofing: source MAC is not the Service's")}",
            $"meta nfproto ipv4 iifname . ip saddr != @ip_bindings counter drop {NftText.Comment("anti-spoofing: source IP is not the Service's")}",
            $"meta nfproto ipv6 counter drop {NftText.Comment("anti-spoofing: the Service has no IPv6 address")}",
        ]);
        // Service to host: only the source's egress applies (the host accepts on its own terms).
        yield return new NftChain("input", "type filter hook input priority -10; policy accept;",
        [
            Replies,
            // "Local on the interface it came in on" is exactly the Service's own gateway, whatever its address.
            $"meta l4proto {{ tcp, udp }} th dport 53 fib daddr . iif type local counter accept {NftText.Comment("DNS to the Service's own gateway")}",
            "iifname vmap @egress_dispatch",
        ]);
        // An accept here only passes the packet on to the other base chains (netavark's at 0); a drop is final.
        yield return new NftChain("forward", "type filter hook forward priority -10; policy accept;",
        [
            Replies,
            "iifname vmap @egress_dispatch",
            "oifname vmap @ingress_dispatch",
        ]);
        yield return new NftChain("ingress_check", null,
        [
            "oifname vmap @ingress_dispatch",
            $"counter accept {NftText.Comment("egress allowed; destination not isolated for ingress")}",
        ]);
    }

    /// <summary>One chain per distinct list of isolating policies; returns the dispatch map's elements.</summary>
    private List<string> IsolationChains(List<ServiceEndpoint> running, TrafficDirection direction, HashSet<string> policyChains)
    {
        var prefix = direction == TrafficDirection.Ingress ? "in" : "eg";
        var word = direction == TrafficDirection.Ingress ? "ingress" : "egress";
        var elements = new List<string>();
        var groups = running
            .Select(s => (Service: s, Policies: model.Isolating(s, direction)))
            .Where(x => x.Policies.Count > 0)
            .GroupBy(x => string.Join(",", x.Policies.Select(p => p.Ref.ToString())), StringComparer.Ordinal);
        foreach (var group in groups)
        {
            var first = group.First();
            var name = NftText.Name(prefix, first.Service.Namespace, first.Service.Name);
            var rules = first.Policies
                .Select(p => PolicyChainName(p.Ref, direction))
                .Where(policyChains.Contains)
                .Select(chain => $"jump {chain}")
                .ToList();
            rules.Add($"counter drop {NftText.Comment($"{word} isolated by {group.Key}")}");
            _chains.Add(new NftChain(name, null, rules));
            elements.AddRange(group.Select(x => $"{NftText.Quote(x.Service.Interface!)} : jump {name}"));
        }
        elements.Sort(StringComparer.Ordinal);
        return elements;
    }

    private static string PolicyChainName(PolicyRef policy, TrafficDirection direction) =>
        NftText.Name("pol", direction == TrafficDirection.Ingress ? "in" : "eg", policy.Namespace, policy.Name);

    private NftChain? PolicyChain(CompiledPolicy policy, TrafficDirection direction, List<NftSet> policySets)
    {
        if (!policy.Governs(direction))
        {
            return null;
        }
        var rules = new List<string>();
        foreach (var rule in policy.Rules(direction))
        {
            rules.AddRange(Rules(policy, rule, direction, policySets));
        }
        return rules.Count == 0 ? null : new NftChain(PolicyChainName(policy.Ref, direction), null, rules);
    }

    private IEnumerable<string> Rules(CompiledPolicy policy, CompiledRule rule, TrafficDirection direction, List<NftSet> policySets)
    {
        var ingress = direction == TrafficDirection.Ingress;
        var prefix = NftText.Name("pol", ingress ? "in" : "eg", policy.Ref.Namespace, policy.Ref.Name, rule.Ref.Index.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var verdict = ingress ? Accept : EgressAllowed;
        var comment = NftText.Comment(rule.Ref.ToString());

        var ports = new List<string>();
        if (rule.Ports.All)
        {
            ports.Add("");
        }
        if (rule.Ports.Numeric.Count > 0)
        {
            var elements = rule.Ports.Numeric.Select(r => $"{NftText.Protocol(r.Protocol)} . {NftText.PortRange(r.First, r.Last)}").ToList();
            ports.Add($"meta l4proto . th dport @{AddSet(new NftSet("set", $"{prefix}_ports", "inet_proto . inet_service", true, elements), policySets)}");
        }
        // A named port means a number per destination: the set pairs each destination bridge with what the name means there.
        // For egress the set lists only the chosen destinations, so it needs no peer match; an ipBlock has no named ports.
        var destinations = ingress ? policy.Selected : rule.Peers.Any ? model.Services : rule.Peers.Services;
        var named = destinations
            .Where(d => d.Interface is not null)
            .SelectMany(d => rule.Ports.Named.SelectMany(n => n.ResolveOn(d).Select(p => $"{NftText.Quote(d.Interface!)} . {NftText.Protocol(n.Protocol)} . {p}")))
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();
        var namedMatch = named.Count == 0 ? null
            : $"oifname . meta l4proto . th dport @{AddSet(new NftSet("set", $"{prefix}_named", "ifname . inet_proto . inet_service", false, named), policySets)}";

        if (ingress && namedMatch is not null)
        {
            ports.Add(namedMatch);
        }
        var result = new List<string>();
        if (ports.Count > 0)
        {
            foreach (var peer in Peers(rule, ingress, prefix, policySets))
            {
                result.AddRange(ports.Select(port => Join(peer, port, "counter", verdict, comment)));
            }
        }
        if (!ingress && namedMatch is not null)
        {
            result.Add(Join(namedMatch, "counter", verdict, comment));
        }
        return result;
    }

    private List<string> Peers(CompiledRule rule, bool ingress, string prefix, List<NftSet> policySets)
    {
        var peerIf = ingress ? "iifname" : "oifname";
        var addr = ingress ? "saddr" : "daddr";
        var peers = new List<string>();
        var peerServices = rule.Peers.Services.Where(s => s.Interface is not null).ToList();
        if (rule.Peers.Any)
        {
            peers.Add("");
        }
        if (peerServices.Count > 0)
        {
            peers.Add($"{peerIf} @{PeerSet(prefix, rule.Peers.Services, peerServices, policySets)}");
        }
        if (!rule.Peers.V4.IsEmpty)
        {
            peers.Add($"ip {addr} @{AddSet(new NftSet("set", $"{prefix}_v4", "ipv4_addr", true, rule.Peers.V4.ToElements()), policySets)}");
        }
        if (!rule.Peers.V6.IsEmpty)
        {
            peers.Add($"ip6 {addr} @{AddSet(new NftSet("set", $"{prefix}_v6", "ipv6_addr", true, rule.Peers.V6.ToElements()), policySets)}");
        }
        return peers;
    }

    /// <summary>Rules with the same peer Services share one set, so all-to-all policies stay linear.</summary>
    private string PeerSet(string prefix, IReadOnlyList<ServiceEndpoint> resolved, List<ServiceEndpoint> services, List<NftSet> policySets)
    {
        if (_peerSetsByList.TryGetValue(resolved, out var same))
        {
            policySets.Add(_setsByName[same]);
            return same;
        }
        var elements = services.Select(s => NftText.Quote(s.Interface!)).Distinct().Order(StringComparer.Ordinal).ToList();
        var content = string.Join(",", elements);
        if (_peerSetsByContent.TryGetValue(content, out var existing))
        {
            policySets.Add(_setsByName[existing]);
            _peerSetsByList[resolved] = existing;
            return existing;
        }
        var name = AddSet(new NftSet("set", $"{prefix}_peers", "ifname", false, elements), policySets);
        _peerSetsByContent[content] = name;
        _peerSetsByList[resolved] = name;
        return name;
    }

    private string AddSet(NftSet set, List<NftSet> policySets)
    {
        _sets.Add(set);
        _setsByName[set.Name] = set;
        policySets.Add(set);
        return set.Name;
    }

    private static IEnumerable<NftSet> GuardSets(List<ServiceEndpoint> running)
    {
        var guarded = running.Where(s => s.Address?.AddressFamily == AddressFamily.InterNetwork).ToList();
        var withMac = guarded.Select(s => (Service: s, Mac: NormalizeMac(s.Mac))).Where(x => x.Mac is not null).ToList();
        yield return new NftSet("set", "guarded", "ifname", false, guarded.Select(s => NftText.Quote(s.Interface!)).Distinct().Order(StringComparer.Ordinal).ToList());
        yield return new NftSet("set", "ip_bindings", "ifname . ipv4_addr", false,
            guarded.Select(s => $"{NftText.Quote(s.Interface!)} . {s.Address}").Distinct().Order(StringComparer.Ordinal).ToList());
        yield return new NftSet("set", "mac_guarded", "ifname", false, withMac.Select(x => NftText.Quote(x.Service.Interface!)).Distinct().Order(StringComparer.Ordinal).ToList());
        yield return new NftSet("set", "mac_bindings", "ifname . ether_addr", false,
            withMac.Select(x => $"{NftText.Quote(x.Service.Interface!)} . {x.Mac}").Distinct().Order(StringComparer.Ordinal).ToList());
    }

    /// <summary>The ARP side of anti-spoofing: the inet family never sees ARP.</summary>
    private string ArpTable(List<ServiceEndpoint> running)
    {
        var arp = new NftWriter();
        arp.Open($"table arp {table}");
        arp.Line(NftText.Comment("Homelab anti-spoofing for ARP: generated, do not edit"));
        foreach (var set in GuardSets(running))
        {
            set.WriteTo(arp);
        }
        new NftChain("input", "type filter hook input priority -10; policy accept;",
        [
            $"iifname @guarded iifname . arp saddr ip != @ip_bindings counter drop {NftText.Comment("anti-spoofing: ARP sender IP is not the Service's")}",
            $"iifname @mac_guarded iifname . arp saddr ether != @mac_bindings counter drop {NftText.Comment("anti-spoofing: ARP sender MAC is not the Service's")}",
        ]).WriteTo(arp);
        arp.Close();
        return arp.ToString();
    }

    private static string? NormalizeMac(string? mac) =>
        mac is not null && MacPattern().IsMatch(mac) ? mac.ToLowerInvariant().Replace('-', ':') : null;

    private static string Join(params string[] parts) => string.Join(" ", parts.Where(p => p.Length > 0));

    [GeneratedRegex("^[0-9A-Fa-f]{2}([:-][0-9A-Fa-f]{2}){5}$")]
    private static partial Regex MacPattern();
}
