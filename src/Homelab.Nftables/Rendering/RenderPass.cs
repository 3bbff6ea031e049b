using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
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
    private readonly Dictionary<string, NftSet> _peerSetsByContent = new(StringComparer.Ordinal);
    private readonly Dictionary<IReadOnlyList<ServiceEndpoint>, NftSet?> _peerSetsByList = new(ReferenceEqualityComparer.Instance);

    public NftRuleset Run()
    {
        var policyChains = new HashSet<string>(StringComparer.Ordinal);
        var policyParts = new List<(PolicyRef Ref, PolicyPart Part)>();
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
            policyParts.Add((policy.Ref, new PolicyPart(sets, chains)));
        }

        var running = model.Services.Where(s => s.Interface is not null).ToList();
        // Both tables carry the same anti-spoofing sets.
        var guardSets = GuardSets(running);
        var ipv6GuardSets = Ipv6GuardSets(running);
        var ingressDispatch = IsolationChains(running, TrafficDirection.Ingress, policyChains);
        var egressDispatch = IsolationChains(running, TrafficDirection.Egress, policyChains);

        using var text = new NftWriter();
        text.Open($"table inet {table}");
        text.Line(NftText.Comment("Homelab NetworkPolicy: generated, replaced as a whole on every change; do not edit"));
        foreach (var set in guardSets.Concat(ipv6GuardSets))
        {
            set.WriteTo(text);
        }
        new NftSet("map", "egress_dispatch", "ifname : verdict", false, egressDispatch).WriteTo(text);
        new NftSet("map", "ingress_dispatch", "ifname : verdict", false, ingressDispatch).WriteTo(text);
        foreach (var set in _sets)
        {
            set.WriteTo(text);
        }
        foreach (var chain in BaseChains())
        {
            chain.WriteTo(text);
        }
        foreach (var chain in _chains.OrderBy(c => c.Name, StringComparer.Ordinal))
        {
            chain.WriteTo(text);
        }
        foreach (var (_, part) in policyParts)
        {
            foreach (var chain in part.Chains)
            {
                chain.WriteTo(text);
            }
        }
        text.Close();
        var inetLength = text.Length;
        WriteArpTable(text, guardSets);
        return new NftRuleset(table, text.ToString(), inetLength, new PolicyTexts(policyParts.ToDictionary(p => p.Ref, p => p.Part)));
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
            "meta nfproto ipv6 jump antispoof6",
        ]);
        // What a container may send over IPv6, after netavark's own ip6tables: RA guard, then addresses (as ip_bindings
        // and the arp table do for IPv4). A single-stack Service has no ip6_bindings, so all its IPv6 is dropped.
        yield return new NftChain("antispoof6", null,
        [
            $"icmpv6 type {{ nd-router-advert, nd-redirect, router-renumbering }} counter drop {NftText.Comment("anti-spoofing: router advertisements and redirects come from the host only")}",
            $"udp sport 547 counter drop {NftText.Comment("anti-spoofing: DHCPv6 servers answer from the host only")}",
            // Before a container has an address it joins multicast groups from :: (MLD); nothing else may use ::.
            $"ip6 saddr :: ip6 daddr ff02::/16 icmpv6 type {{ mld-listener-report, mld2-listener-report, nd-neighbor-solicit }} accept",
            $"iifname . ip6 saddr != @ip6_bindings counter drop {NftText.Comment("anti-spoofing: source IPv6 is not the Service's")}",
            // nft 1.0.6 has no icmpv6 taddr: the target address is the 128 bits after the ICMPv6 header's first 8 bytes.
            $"icmpv6 type nd-neighbor-advert iifname . @th,64,128 != @nd_targets counter drop {NftText.Comment("anti-spoofing: neighbour advertisement for an address not the Service's")}",
        ]);
        // Service to host: only the source's egress applies (the host accepts on its own terms).
        yield return new NftChain("input", "type filter hook input priority -10; policy accept;",
        [
            Replies,
            // Neighbour discovery and multicast listening with the gateway: without them an egress-isolated Service
            // has no IPv6 at all (its sources are pinned by antispoof6 already).
            $"icmpv6 type {{ nd-router-solicit, nd-neighbor-solicit, nd-neighbor-advert, mld-listener-report, mld-listener-done, mld2-listener-report }} counter accept {NftText.Comment("IPv6 neighbour discovery with the gateway")}",
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

    /// <summary>One chain per distinct list of isolating policies, named after its first Service; returns the dispatch map's elements.</summary>
    private List<string> IsolationChains(List<ServiceEndpoint> running, TrafficDirection direction, HashSet<string> policyChains)
    {
        var prefix = direction == TrafficDirection.Ingress ? "in" : "eg";
        var word = direction == TrafficDirection.Ingress ? "ingress" : "egress";
        var chainsByPolicies = new Dictionary<string, string>(StringComparer.Ordinal);
        var elements = new List<string>();
        foreach (var service in running)
        {
            var policies = model.Isolating(service, direction);
            if (policies.Count == 0)
            {
                continue;
            }
            var key = string.Join(",", policies.Select(p => p.Ref));
            if (!chainsByPolicies.TryGetValue(key, out var name))
            {
                name = NftText.Name(prefix, service.Namespace, service.Name);
                var rules = policies
                    .Select(p => PolicyChainName(p.Ref, direction))
                    .Where(policyChains.Contains)
                    .Select(chain => $"jump {chain}")
                    .ToList();
                rules.Add($"counter drop {NftText.Comment($"{word} isolated by {key}")}");
                _chains.Add(new NftChain(name, null, rules));
                chainsByPolicies[key] = name;
            }
            elements.Add($"{NftText.Quote(service.Interface!)} : jump {name}");
        }
        elements.Sort(StringComparer.Ordinal);
        return elements;
    }

    private static string PolicyChainName(PolicyRef policy, TrafficDirection direction) =>
        NftText.Name("pol", direction == TrafficDirection.Ingress ? "in" : "eg", policy.Namespace, policy.NftName);

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
        var prefix = NftText.Name("pol", ingress ? "in" : "eg", policy.Ref.Namespace, policy.Ref.NftName, rule.Ref.Index.ToString(System.Globalization.CultureInfo.InvariantCulture));
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
        var named = NamedPortElements(ingress ? policy.Selected : rule.Peers.Any ? model.Services : rule.Peers.Services, rule.Ports.Named);
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

    /// <summary>
    /// "bridge . protocol . port" for every running destination that declares a named port. Most rules name no port, and
    /// an egress rule to anyone would otherwise walk every Service for nothing.
    /// </summary>
    private static List<string> NamedPortElements(IReadOnlyList<ServiceEndpoint> destinations, IReadOnlyList<NamedPortRef> names)
    {
        if (names.Count == 0)
        {
            return [];
        }
        var elements = new List<string>();
        for (var i = 0; i < destinations.Count; i++)
        {
            if (destinations[i] is not { Interface: { } bridgeName } destination)
            {
                continue;
            }
            var bridge = NftText.Quote(bridgeName);
            foreach (var name in names)
            {
                foreach (var port in name.ResolveOn(destination))
                {
                    elements.Add($"{bridge} . {NftText.Protocol(name.Protocol)} . {port}");
                }
            }
        }
        return elements.SortDistinct(StringComparer.Ordinal);
    }

    private List<string> Peers(CompiledRule rule, bool ingress, string prefix, List<NftSet> policySets)
    {
        var peerIf = ingress ? "iifname" : "oifname";
        var addr = ingress ? "saddr" : "daddr";
        var peers = new List<string>();
        if (rule.Peers.Any)
        {
            peers.Add("");
        }
        if (PeerSet(prefix, rule.Peers.Services, policySets) is { } peerSet)
        {
            peers.Add($"{peerIf} @{peerSet}");
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

    /// <summary>
    /// The set of the peers' bridges, null when none of them runs. Rules with the same peer Services share one set, so
    /// all-to-all policies stay linear; a list already seen (selections are cached per selector) is not looked at again.
    /// </summary>
    private string? PeerSet(string prefix, IReadOnlyList<ServiceEndpoint> peers, List<NftSet> policySets)
    {
        if (!_peerSetsByList.TryGetValue(peers, out var set))
        {
            var elements = peers.Where(s => s.Interface is not null).Select(s => NftText.Quote(s.Interface!)).ToList().SortDistinct(StringComparer.Ordinal);
            set = elements.Count == 0 ? null : SharedSet(prefix, elements, policySets);
            _peerSetsByList[peers] = set;
        }
        else if (set is not null)
        {
            policySets.Add(set);
        }
        return set?.Name;
    }

    private NftSet SharedSet(string prefix, List<string> elements, List<NftSet> policySets)
    {
        var content = string.Join(",", elements);
        if (_peerSetsByContent.TryGetValue(content, out var existing))
        {
            policySets.Add(existing);
            return existing;
        }
        var set = new NftSet("set", $"{prefix}_peers", "ifname", false, elements);
        AddSet(set, policySets);
        _peerSetsByContent[content] = set;
        return set;
    }

    private string AddSet(NftSet set, List<NftSet> policySets)
    {
        _sets.Add(set);
        policySets.Add(set);
        return set.Name;
    }

    private static List<NftSet> GuardSets(List<ServiceEndpoint> running)
    {
        var guarded = running
            .Where(s => s.Address?.AddressFamily == AddressFamily.InterNetwork)
            .Select(s => (Interface: NftText.Quote(s.Interface!), s.Address, Mac: NormalizeMac(s.Mac)))
            .ToList();
        var withMac = guarded.Where(x => x.Mac is not null).ToList();
        return
        [
            Set("guarded", "ifname", guarded.Select(x => x.Interface)),
            Set("ip_bindings", "ifname . ipv4_addr", guarded.Select(x => $"{x.Interface} . {x.Address}")),
            Set("mac_guarded", "ifname", withMac.Select(x => x.Interface)),
            Set("mac_bindings", "ifname . ether_addr", withMac.Select(x => $"{x.Interface} . {x.Mac}")),
        ];

        static NftSet Set(string name, string type, IEnumerable<string> elements) =>
            new("set", name, type, false, elements.ToList().SortDistinct(StringComparer.Ordinal));
    }

    /// <summary>
    /// The IPv6 addresses each dual-stack Service may send from: its own and the EUI-64 link-local the kernel makes from
    /// its MAC (a fresh network namespace has addr_gen_mode 0, which netavark 1.4 leaves alone). nd_targets holds the same
    /// addresses as 128-bit integers, the only type a raw payload field compares with.
    /// </summary>
    private static List<NftSet> Ipv6GuardSets(List<ServiceEndpoint> running)
    {
        var owned = new List<(string Interface, IPAddress Address)>();
        foreach (var service in running)
        {
            if (service.Address?.AddressFamily != AddressFamily.InterNetwork || service.Address6 is not { } address6)
            {
                continue;
            }
            var bridge = NftText.Quote(service.Interface!);
            owned.Add((bridge, address6));
            if (LinkLocal(NormalizeMac(service.Mac)) is { } linkLocal)
            {
                owned.Add((bridge, linkLocal));
            }
        }
        return
        [
            new("set", "ip6_bindings", "ifname . ipv6_addr", false, owned.Select(x => $"{x.Interface} . {x.Address}").ToList().SortDistinct(StringComparer.Ordinal)),
            new("set", "nd_targets", "iifname . @th,64,128", false, owned.Select(x => $"{x.Interface} . 0x{Convert.ToHexStringLower(x.Address.GetAddressBytes())}").ToList().SortDistinct(StringComparer.Ordinal))
            {
                IsTypeof = true,
            },
        ];
    }

    /// <summary>fe80::/64 with the modified EUI-64 interface identifier of a MAC (RFC 4291, appendix A).</summary>
    private static IPAddress? LinkLocal(string? mac)
    {
        if (mac is null)
        {
            return null;
        }
        var m = Convert.FromHexString(mac.Replace(":", "", StringComparison.Ordinal));
        return new IPAddress([0xfe, 0x80, 0, 0, 0, 0, 0, 0, (byte)(m[0] ^ 0x02), m[1], m[2], 0xff, 0xfe, m[3], m[4], m[5]]);
    }

    /// <summary>The ARP side of anti-spoofing: the inet family never sees ARP.</summary>
    private void WriteArpTable(NftWriter arp, List<NftSet> guardSets)
    {
        arp.Open($"table arp {table}");
        arp.Line(NftText.Comment("Homelab anti-spoofing for ARP: generated, do not edit"));
        foreach (var set in guardSets)
        {
            set.WriteTo(arp);
        }
        new NftChain("input", "type filter hook input priority -10; policy accept;",
        [
            $"iifname @guarded iifname . arp saddr ip != @ip_bindings counter drop {NftText.Comment("anti-spoofing: ARP sender IP is not the Service's")}",
            $"iifname @mac_guarded iifname . arp saddr ether != @mac_bindings counter drop {NftText.Comment("anti-spoofing: ARP sender MAC is not the Service's")}",
        ]).WriteTo(arp);
        arp.Close();
    }

    private static string? NormalizeMac(string? mac) =>
        mac is not null && MacPattern().IsMatch(mac) ? mac.ToLowerInvariant().Replace('-', ':') : null;

    /// <summary>The non-empty parts, space-separated: a rule line without a peer or port match leaves that part out.</summary>
    private static string Join(params ReadOnlySpan<string> parts)
    {
        // Built in a pooled buffer: there is a line per rule and peer, and the parts are all that should be allocated.
        var line = new DefaultInterpolatedStringHandler(parts.Length, parts.Length);
        var separate = false;
        foreach (var part in parts)
        {
            if (part.Length == 0)
            {
                continue;
            }
            if (separate)
            {
                line.AppendLiteral(" ");
            }
            line.AppendFormatted(part);
            separate = true;
        }
        return line.ToStringAndClear();
    }

    [GeneratedRegex("^[0-9A-Fa-f]{2}([:-][0-9A-Fa-f]{2}){5}$")]
    private static partial Regex MacPattern();
}
