using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Homelab.Nftables.Access;
using Homelab.Nftables.Model;

namespace Homelab.Nftables.Rendering;

/// <summary>
/// What a container may send as, whatever the policies (ADR 0004, 0150): its own IPv4 and IPv6 addresses and MAC, as sets
/// of bridge . address, checked before conntrack; and the same for ARP in the arp table, which the inet family never sees.
/// </summary>
internal static partial class AntiSpoofing
{
    /// <summary>prerouting, antispoof and antispoof6 of the inet table.</summary>
    public static IEnumerable<NftChain> Chains()
    {
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
    }

    public static List<NftSet> GuardSets(List<ServiceEndpoint> running)
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
    public static List<NftSet> Ipv6GuardSets(List<ServiceEndpoint> running)
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
    public static NftTable ArpTable(string table, List<NftSet> guardSets) => new("arp", table, "Homelab anti-spoofing for ARP: generated, do not edit", guardSets,
    [
        new NftChain("input", "type filter hook input priority -10; policy accept;",
        [
            $"iifname @guarded iifname . arp saddr ip != @ip_bindings counter drop {NftText.Comment("anti-spoofing: ARP sender IP is not the Service's")}",
            $"iifname @mac_guarded iifname . arp saddr ether != @mac_bindings counter drop {NftText.Comment("anti-spoofing: ARP sender MAC is not the Service's")}",
        ]),
    ]);

    private static string? NormalizeMac(string? mac) =>
        mac is not null && MacPattern().IsMatch(mac) ? mac.ToLowerInvariant().Replace('-', ':') : null;

    [GeneratedRegex("^[0-9A-Fa-f]{2}([:-][0-9A-Fa-f]{2}){5}$")]
    private static partial Regex MacPattern();
}
