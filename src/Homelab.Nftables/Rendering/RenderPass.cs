using System.Security.Cryptography;
using System.Text;
using Homelab.Nftables.Access;
using Homelab.Nftables.Model;

namespace Homelab.Nftables.Rendering;

/// <summary>
/// One rendering (ADR 0160). The inet table's shape is fixed and its size is in set elements, not rules:
/// the base chains send a new connection from a Service isolated for egress (set <c>egress_isolated</c>) to chain
/// <c>egress</c>, and one to a Service isolated for ingress to chain <c>ingress</c>. Each of those tries a fixed list of
/// set lookups (<see cref="FlowSets"/>: source . destination . protocol . port, and so on) and drops what none matches, so
/// a packet costs the same few hash lookups however many Services and policies there are, and a change is a few elements.
/// A rule whose Service peers times selected Services exceed <see cref="MaxPairs"/> (e.g. "every namespace") would list
/// too many pairs: it becomes one rule line with a peer set, in a chain the direction's verdict map reaches for the Services
/// it selects, so the size stays linear. An egress rule that allows goes on to <c>ingress_check</c>, because a connection
/// needs the source's egress and the destination's ingress.
/// </summary>
internal sealed class RenderPass(AccessModel model, string table, int maxPairs)
{
    /// <summary>Above this many (peer, selected Service) pairs a rule is a rule line rather than pairs in the flow sets.</summary>
    internal const int MaxPairs = 64;

    private const string Accept = "accept";
    private const string EgressAllowed = "goto ingress_check";

    private readonly FlowSets _ingress = FlowSets.For(TrafficDirection.Ingress);
    private readonly FlowSets _egress = FlowSets.For(TrafficDirection.Egress);
    private readonly SortedDictionary<string, NftSet> _lineSets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _lines = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _lineChains = new(StringComparer.Ordinal);
    private readonly Dictionary<ServiceEndpoint, string> _bridges = new(ReferenceEqualityComparer.Instance);
    private readonly List<ServiceEndpoint> _running = Running(model.Services);

    public NftRuleset Run()
    {
        foreach (var policy in model.CompiledPolicies)
        {
            var selected = Running(policy.Selected);
            foreach (var rule in policy.GovernedRules())
            {
                AddRule(policy, rule, selected, rule.Ref.Direction == TrafficDirection.Ingress ? _ingress : _egress, null);
            }
        }

        var guardSets = AntiSpoofing.GuardSets(_running);
        var (ingressIsolated, ingressWide, ingressChains) = Isolation(TrafficDirection.Ingress);
        var (egressIsolated, egressWide, egressChains) = Isolation(TrafficDirection.Egress);
        List<NftSet> sets =
        [
            .. guardSets,
            .. AntiSpoofing.Ipv6GuardSets(_running),
            Set("ingress_isolated", "ifname", ingressIsolated),
            Set("egress_isolated", "ifname", egressIsolated),
            .. _ingress.Matches.Select(m => m.Set.ToNftSet()),
            .. _egress.Matches.Select(m => m.Set.ToNftSet()),
            new NftSet("map", "ingress_wide", "ifname : verdict", false, ingressWide),
            new NftSet("map", "egress_wide", "ifname : verdict", false, egressWide),
            .. _lineSets.Values,
        ];
        List<NftChain> chains =
        [
            .. BaseChains(),
            DirectionChain("ingress", _ingress, Accept, ingressWide.Count > 0),
            DirectionChain("egress", _egress, EgressAllowed, egressWide.Count > 0),
            .. ingressChains,
            .. egressChains,
        ];
        var inet = new NftTable("inet", table, "Homelab NetworkPolicy: generated, updated and repaired by homelabd; do not edit", sets, chains);
        var policies = model.CompiledPolicies.Select(p => p.Ref).ToList();
        return new NftRuleset(inet, AntiSpoofing.ArpTable(table, guardSets), new PolicyTexts(policies, policy => new RenderPass(model, table, maxPairs).RenderPolicy(policy, _lineChains)));
    }

    /// <summary>
    /// One policy's part of the table, by rendering only that policy into sets of its own: only the per-policy view reads
    /// it, one policy at a time, so keeping every policy's part on each compile would be wasted.
    /// </summary>
    private string RenderPolicy(PolicyRef reference, IReadOnlyDictionary<string, string> lineChains)
    {
        var policy = model.Compiled(reference)!;
        var part = new PolicyPart(table);
        var selected = Running(policy.Selected);
        if (!policy.Implied)
        {
            if (policy.IsIngress)
            {
                part.Isolates("ingress_isolated", Interfaces(selected));
            }
            if (policy.IsEgress)
            {
                part.Isolates("egress_isolated", Interfaces(selected));
            }
        }
        foreach (var rule in policy.GovernedRules())
        {
            var flows = FlowSets.For(rule.Ref.Direction);
            AddRule(policy, rule, selected, flows, part);
            part.Rule(rule.Ref.ToString(), flows);
        }
        return part.Render(service => lineChains.GetValueOrDefault(service));
    }

    internal static List<ServiceEndpoint> Running(IReadOnlyList<ServiceEndpoint> services)
    {
        var running = new List<ServiceEndpoint>(services.Count);
        foreach (var service in services)
        {
            if (service.Interface is not null)
            {
                running.Add(service);
            }
        }
        return running;
    }

    /// <summary>A Service's bridge as nft quotes it, once per Service: every rule naming it needs it.</summary>
    internal string Bridge(ServiceEndpoint service)
    {
        if (!_bridges.TryGetValue(service, out var quoted))
        {
            _bridges[service] = quoted = NftText.Quote(service.Interface!);
        }
        return quoted;
    }

    private List<string> Interfaces(IEnumerable<ServiceEndpoint> services) =>
        services.Select(Bridge).ToList().SortDistinct(StringComparer.Ordinal);

    private static NftSet Set(string name, string type, List<string> elements) =>
        new("set", name, type, false, elements.SortDistinct(StringComparer.Ordinal));

    /// <summary>A direction's chain: one line per non-empty flow set, the verdict map of rule-line chains, then the drop.</summary>
    private static NftChain DirectionChain(string name, FlowSets flows, string verdict, bool hasWide)
    {
        var rules = flows.Matches
            .Where(m => !m.Set.IsEmpty)
            .Select(m => $"{m.Match} @{m.Set.Name} counter {verdict}")
            .ToList();
        var subject = name == "ingress" ? "oifname" : "iifname";
        if (hasWide)
        {
            rules.Add($"{subject} vmap @{name}_wide");
        }
        rules.Add($"counter drop {NftText.Comment($"{name} isolated: no policy allows this")}");
        return new NftChain(name, null, rules);
    }

    private static IEnumerable<NftChain> BaseChains()
    {
        const string Replies = "ct state established,related counter accept comment \"replies and related traffic\"";
        foreach (var chain in AntiSpoofing.Chains())
        {
            yield return chain;
        }
        // Service to host: only the source's egress applies (the host accepts on its own terms).
        yield return new NftChain("input", "type filter hook input priority -10; policy accept;",
        [
            Replies,
            // Neighbour discovery and multicast listening with the gateway: without them an egress-isolated Service
            // has no IPv6 at all (its sources are pinned by antispoof6 already).
            $"icmpv6 type {{ nd-router-solicit, nd-neighbor-solicit, nd-neighbor-advert, mld-listener-report, mld-listener-done, mld2-listener-report }} counter accept {NftText.Comment("IPv6 neighbour discovery with the gateway")}",
            // "Local on the interface it came in on" is exactly the Service's own gateway, whatever its address.
            $"meta l4proto {{ tcp, udp }} th dport 53 fib daddr . iif type local counter accept {NftText.Comment("DNS to the Service's own gateway")}",
            "iifname @egress_isolated jump egress",
        ]);
        // An accept here only passes the packet on to the other base chains (netavark's at 0); a drop is final.
        yield return new NftChain("forward", "type filter hook forward priority -10; policy accept;",
        [
            Replies,
            "iifname @egress_isolated jump egress",
            "oifname @ingress_isolated jump ingress",
        ]);
        yield return new NftChain("ingress_check", null,
        [
            "oifname @ingress_isolated goto ingress",
            $"counter accept {NftText.Comment("egress allowed; destination not isolated for ingress")}",
        ]);
    }

    /// <summary>
    /// The Services a direction isolates, and for those with rule lines the verdict map's elements and its chains: one
    /// chain per distinct list of rule lines, named by that list, so adding a Service to a namespace adds a map element and
    /// leaves every chain as it is.
    /// </summary>
    private (List<string> Isolated, List<string> Map, List<NftChain> Chains) Isolation(TrafficDirection direction)
    {
        var word = direction == TrafficDirection.Ingress ? "ingress" : "egress";
        var isolated = new List<string>();
        var map = new List<string>();
        var chains = new SortedDictionary<string, NftChain>(StringComparer.Ordinal);
        foreach (var service in _running)
        {
            var policies = model.Isolating(service, direction);
            if (policies.Count == 0)
            {
                continue;
            }
            var bridge = Bridge(service);
            isolated.Add(bridge);
            // Rule lines were added policy by policy, rule by rule, so each Service's list is in table order already.
            if (_lines.Count == 0 || !_lines.TryGetValue(Subject(service, word), out var lines))
            {
                continue;
            }
            var name = NftText.Name(word, "lines", Hash(string.Join("\n", lines)));
            chains.TryAdd(name, new NftChain(name, null, lines));
            map.Add($"{bridge} : jump {name}");
            _lineChains[Subject(service, word)] = name;
        }
        return (isolated, map.SortDistinct(StringComparer.Ordinal), [.. chains.Values]);
    }

    /// <summary>The key of a Service's rule lines and chain in one direction.</summary>
    private static string Subject(ServiceEndpoint service, string direction) => $"{service.Key}|{direction}";

    /// <summary>What one rule allows, as set elements (or a rule line) for the Services its policy selects.</summary>
    internal void AddRule(CompiledPolicy policy, CompiledRule rule, List<ServiceEndpoint> selected, FlowSets flows, PolicyPart? part)
    {
        var ingress = rule.Ref.Direction == TrafficDirection.Ingress;
        var ports = rule.Ports;
        if (rule.Peers.Any)
        {
            foreach (var subject in selected)
            {
                var bridge = Bridge(subject);
                if (ports.All)
                {
                    flows.OpenAll.Add(bridge);
                    continue;
                }
                foreach (var (protocol, span) in PortSpans(ports, ingress ? subject : null))
                {
                    flows.AddOpen(bridge, protocol, span);
                }
            }
            if (!ingress && ports.Named.Count > 0)
            {
                // To anyone on a named port: the name means a number only on a Service that declares it.
                var named = ports with { Numeric = [] };
                Pairs(policy, rule, selected, _running.Where(d => d.Ports.Count > 0).ToList(), named, flows, part, "*");
            }
        }
        else
        {
            var peers = rule.Peers.Services.Where(s => s.Interface is not null).ToList();
            var (sources, destinations) = ingress ? (peers, selected) : (selected, peers);
            Pairs(policy, rule, sources, destinations, ports, flows, part, rule.Peers.Key);
        }
        Blocks(rule, selected, rule.Peers.V4, flows.Blocks4, flows.Blocks4All);
        Blocks(rule, selected, rule.Peers.V6, flows.Blocks6, flows.Blocks6All);
    }

    /// <summary>Service-to-Service flows: every (source, destination) pair in the flow sets, or, for many pairs, a rule line.</summary>
    private void Pairs(CompiledPolicy policy, CompiledRule rule, List<ServiceEndpoint> sources, List<ServiceEndpoint> destinations, PortMatch ports, FlowSets flows, PolicyPart? part, string peerKey)
    {
        if ((long)sources.Count * destinations.Count > maxPairs)
        {
            RuleLine(policy, rule, sources, destinations, ports, part, peerKey);
            return;
        }
        foreach (var source in sources)
        {
            var from = Bridge(source);
            foreach (var destination in destinations)
            {
                var to = Bridge(destination);
                if (ports.All)
                {
                    flows.Pairs.Add($"{from} . {to}");
                    continue;
                }
                foreach (var (protocol, span) in PortSpans(ports, destination))
                {
                    flows.AddFlow(from, to, protocol, span);
                }
            }
        }
    }

    /// <summary>
    /// A rule with many Service peers as one line in the rule-line chains of the Services its policy selects. Ingress: the
    /// sources in a peer set named after the rule's selectors (shared by rules with the same peers, stable as Services come
    /// and go) and the destination ports in a set of the rule's own; egress: the destinations with their ports.
    /// </summary>
    private void RuleLine(CompiledPolicy policy, CompiledRule rule, List<ServiceEndpoint> sources, List<ServiceEndpoint> destinations, PortMatch ports, PolicyPart? part, string peerKey)
    {
        var ingress = rule.Ref.Direction == TrafficDirection.Ingress;
        var prefix = NftText.Name("pol", ingress ? "in" : "eg", policy.Ref.Namespace, policy.Ref.NftName, rule.Ref.Index.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var sets = new List<NftSet>();
        string line;
        if (ingress)
        {
            var peers = LineSet(new NftSet("set", NftText.Name("peers", Hash(peerKey)), "ifname", false, Interfaces(sources)), sets);
            line = ports.All
                ? $"iifname @{peers} counter accept"
                : $"iifname @{peers} oifname . meta l4proto . th dport @{LineSet(PortSet(prefix, destinations, ports), sets)} counter accept";
        }
        else
        {
            line = ports.All
                ? $"oifname @{LineSet(new NftSet("set", NftText.Name("peers", Hash(peerKey)), "ifname", false, Interfaces(destinations)), sets)} counter {EgressAllowed}"
                : $"oifname . meta l4proto . th dport @{LineSet(PortSet(prefix, destinations, ports), sets)} counter {EgressAllowed}";
        }
        line += " " + NftText.Comment(rule.Ref.ToString());
        var subjects = ingress ? destinations : sources;
        var word = ingress ? "ingress" : "egress";
        foreach (var subject in subjects)
        {
            var key = Subject(subject, word);
            if (!_lines.TryGetValue(key, out var list))
            {
                _lines[key] = list = [];
            }
            list.Add(line);
        }
        part?.RuleLine(rule.Ref.ToString(), sets, line, [.. subjects.Select(s => Subject(s, word))]);
    }

    /// <summary>destination . protocol . port for every destination and port of a rule line; named ports resolved on each.</summary>
    private NftSet PortSet(string prefix, List<ServiceEndpoint> destinations, PortMatch ports)
    {
        var set = new FlatSet($"{prefix}_dst", "ifname . inet_proto . inet_service", 1);
        foreach (var destination in destinations)
        {
            var to = Bridge(destination);
            foreach (var (protocol, span) in PortSpans(ports, destination))
            {
                set.Add($"{to} . {protocol}", span);
            }
        }
        return set.ToNftSet();
    }

    private string LineSet(NftSet set, List<NftSet> sets)
    {
        _lineSets[set.Name] = set;
        sets.Add(set);
        return set.Name;
    }

    /// <summary>Address blocks: for ingress the sources, for egress the destinations, of each Service the policy selects.</summary>
    private void Blocks(CompiledRule rule, List<ServiceEndpoint> selected, AddressSet blocks, FlatSet withPorts, FlatSet all)
    {
        if (blocks.IsEmpty)
        {
            return;
        }
        var ingress = rule.Ref.Direction == TrafficDirection.Ingress;
        foreach (var subject in selected)
        {
            var bridge = Bridge(subject);
            foreach (var range in blocks.Ranges)
            {
                var addresses = Span.Addresses(range, blocks.Family);
                if (rule.Ports.All)
                {
                    all.Add(bridge, addresses);
                    continue;
                }
                // Ingress named ports mean numbers on the destination, the Service itself; an address has no names.
                foreach (var (protocol, span) in PortSpans(rule.Ports, ingress ? subject : null))
                {
                    withPorts.Add($"{bridge} . {protocol}", addresses, span);
                }
            }
        }
    }

    /// <summary>
    /// A rule's ports as nft writes them: each numeric range, then the numbers its named ports mean on
    /// <paramref name="namedOn"/> (none without a destination Service: an address has no named ports).
    /// </summary>
    private static IEnumerable<(string Protocol, Span Ports)> PortSpans(PortMatch ports, ServiceEndpoint? namedOn)
    {
        foreach (var range in ports.Numeric)
        {
            yield return (NftText.Protocol(range.Protocol), Span.Ports(range.First, range.Last));
        }
        if (namedOn is null)
        {
            yield break;
        }
        foreach (var name in ports.Named)
        {
            foreach (var port in name.ResolveOn(namedOn))
            {
                yield return (NftText.Protocol(name.Protocol), Span.Port(port));
            }
        }
    }

    /// <summary>A short stable name part for a text: chain and set names are limited to 255 bytes and must not change with order.</summary>
    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..12];
}
