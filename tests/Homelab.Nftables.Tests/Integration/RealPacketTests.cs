using System.Net;
using Homelab.Nftables.Firewall;
using Homelab.Nftables.Rendering;

namespace Homelab.Nftables.Tests.Integration;

/// <summary>Policies proven on real packets between real containers. Each test loads its own policies into the lab's table.</summary>
[Trait("Category", "Integration")]
public sealed class RealPacketTests(PacketLab lab) : IClassFixture<PacketLab>
{
    private static readonly Homelab.Nftables.Model.PolicyInput DenyAllIngress = Policies.Parse("media", "deny-all", """
        serviceSelector: {}
        policyTypes: [Ingress]
        """);

    [Theory]
    [InlineData(IpFamily.V4)]
    [InlineData(IpFamily.V6)]
    public async Task Without_policies_everything_is_allowed(IpFamily family)
    {
        await lab.ApplyAsync();
        Assert.True(await lab.CanConnectAsync("client", "web", 8080, family));
        Assert.True(await lab.CanConnectAsync("proxy", "web", 8081, family));
    }

    [Theory]
    [InlineData(IpFamily.V4)]
    [InlineData(IpFamily.V6)]
    public async Task Default_deny_ingress_blocks_services_but_not_the_host(IpFamily family)
    {
        await lab.ApplyAsync(DenyAllIngress);
        Assert.False(await lab.CanConnectAsync("client", "web", 8080, family));
        Assert.False(await lab.CanConnectAsync("proxy", "web", 8080, family));
        Assert.True(await lab.HostCanConnectAsync("web", 8080, family));
    }

    [Theory]
    [InlineData(IpFamily.V4)]
    [InlineData(IpFamily.V6)]
    public async Task Default_deny_egress_blocks_the_source_even_when_the_destination_is_open(IpFamily family)
    {
        await lab.ApplyAsync(Policies.Parse("media", "client-no-egress", """
            serviceSelector: {matchLabels: {app: client}}
            policyTypes: [Egress]
            """));
        Assert.False(await lab.CanConnectAsync("client", "web", 8080, family));
        Assert.True(await lab.CanConnectAsync("proxy", "web", 8080, family));
    }

    [Theory]
    [InlineData(IpFamily.V4)]
    [InlineData(IpFamily.V6)]
    public async Task Allow_by_service_label_opens_only_that_peer_and_port(IpFamily family)
    {
        await lab.ApplyAsync(DenyAllIngress, Policies.Parse("media", "web-from-client", """
            serviceSelector: {matchLabels: {app: web}}
            ingress:
              - from: [{serviceSelector: {matchLabels: {app: client}}}]
                ports: [{protocol: TCP, port: 8080}]
            """));
        Assert.True(await lab.CanConnectAsync("client", "web", 8080, family));
        Assert.False(await lab.CanConnectAsync("client", "web", 8081, family));
        Assert.False(await lab.CanConnectAsync("proxy", "web", 8080, family));
    }

    [Theory]
    [InlineData(IpFamily.V4)]
    [InlineData(IpFamily.V6)]
    public async Task Udp_is_allowed_by_protocol_and_named_port_and_nothing_else(IpFamily family)
    {
        await lab.ApplyAsync(DenyAllIngress, Policies.Parse("media", "web-discovery-from-client", """
            serviceSelector: {matchLabels: {app: web}}
            ingress:
              - from: [{serviceSelector: {matchLabels: {app: client}}}]
                ports: [{protocol: UDP, port: discovery}]
            """));
        Assert.True(await lab.UdpReachesAsync("client", "web", 9053, family));
        Assert.False(await lab.UdpReachesAsync("proxy", "web", 9053, family));
        Assert.False(await lab.UdpReachesAsync("client", "web", 9054, family));
        Assert.False(await lab.CanConnectAsync("client", "web", 8080, family));
    }

    [Theory]
    [InlineData(IpFamily.V4)]
    [InlineData(IpFamily.V6)]
    public async Task Without_policies_udp_flows_and_default_deny_stops_it(IpFamily family)
    {
        await lab.ApplyAsync();
        Assert.True(await lab.UdpReachesAsync("client", "web", 9053, family));

        await lab.ApplyAsync(DenyAllIngress);
        Assert.False(await lab.UdpReachesAsync("client", "web", 9053, family));
    }

    [Theory]
    [InlineData(IpFamily.V4)]
    [InlineData(IpFamily.V6)]
    public async Task Dns_to_the_own_gateway_passes_default_deny_egress_but_other_udp_to_it_does_not(IpFamily family)
    {
        await lab.ApplyAsync(Policies.Parse("media", "client-no-egress", """
            serviceSelector: {matchLabels: {app: client}}
            policyTypes: [Egress]
            """));
        Assert.True(await lab.UdpReachesGatewayAsync("client", 53, family));
        Assert.False(await lab.UdpReachesGatewayAsync("client", 5353, family));
        Assert.False(await lab.UdpReachesAsync("client", "web", 9053, family));
    }

    [Theory]
    [InlineData(IpFamily.V4)]
    [InlineData(IpFamily.V6)]
    public async Task Allow_by_namespace_label_opens_that_namespace_only(IpFamily family)
    {
        await lab.ApplyAsync(Policies.Parse("media", "web-from-edge", """
            serviceSelector: {matchLabels: {app: web}}
            ingress:
              - from: [{namespaceSelector: {matchLabels: {tier: edge}}}]
            """));
        Assert.True(await lab.CanConnectAsync("proxy", "web", 8080, family));
        Assert.False(await lab.CanConnectAsync("client", "web", 8080, family));
    }

    [Theory]
    [InlineData(IpFamily.V4)]
    [InlineData(IpFamily.V6)]
    public async Task Namespace_and_service_selector_together_mean_both(IpFamily family)
    {
        await lab.ApplyAsync(Policies.Parse("media", "web-from-edge-client", """
            serviceSelector: {matchLabels: {app: web}}
            ingress:
              - from: [{namespaceSelector: {matchLabels: {tier: edge}}, serviceSelector: {matchLabels: {app: client}}}]
            """));
        Assert.False(await lab.CanConnectAsync("proxy", "web", 8080, family));
        Assert.False(await lab.CanConnectAsync("client", "web", 8080, family));

        await lab.ApplyAsync(Policies.Parse("media", "web-from-edge-proxy", """
            serviceSelector: {matchLabels: {app: web}}
            ingress:
              - from: [{namespaceSelector: {matchLabels: {tier: edge}}, serviceSelector: {matchLabels: {app: proxy}}}]
            """));
        Assert.True(await lab.CanConnectAsync("proxy", "web", 8080, family));
        Assert.False(await lab.CanConnectAsync("client", "web", 8080, family));
    }

    [Theory]
    [InlineData(IpFamily.V4)]
    [InlineData(IpFamily.V6)]
    public async Task Named_port_resolves_on_the_destination(IpFamily family)
    {
        await lab.ApplyAsync(Policies.Parse("media", "web-http", """
            serviceSelector: {matchLabels: {app: web}}
            ingress:
              - ports: [{protocol: TCP, port: http}]
            """));
        Assert.True(await lab.CanConnectAsync("client", "web", 8080, family));
        Assert.False(await lab.CanConnectAsync("client", "web", 8081, family));
    }

    [Theory]
    [InlineData(IpFamily.V4)]
    [InlineData(IpFamily.V6)]
    public async Task Port_range_allows_ports_inside_it_only(IpFamily family)
    {
        await lab.ApplyAsync(Policies.Parse("media", "web-range", """
            serviceSelector: {matchLabels: {app: web}}
            ingress:
              - ports: [{protocol: TCP, port: 9000, endPort: 9100}]
            """));
        Assert.True(await lab.CanConnectAsync("client", "web", 9050, family));
        Assert.False(await lab.CanConnectAsync("client", "web", 8080, family));
    }

    [Theory]
    [InlineData(IpFamily.V4)]
    [InlineData(IpFamily.V6)]
    public async Task IpBlock_except_carves_out_addresses(IpFamily family)
    {
        var client = lab.Services["client"];
        var proxy = lab.Services["proxy"];
        var (clientSubnet, clientHost, proxySubnet) = family == IpFamily.V6
            ? (client.Subnet6, $"{client.Address6}/128", proxy.Subnet6)
            : (client.Subnet, $"{client.Address}/32", proxy.Subnet);
        var spec = "serviceSelector: {matchLabels: {app: web}}\n"
            + "ingress:\n"
            + "  - from:\n"
            + $"      - ipBlock: {{cidr: \"{clientSubnet}\", except: [\"{clientHost}\"]}}\n"
            + $"      - ipBlock: {{cidr: \"{proxySubnet}\"}}\n";
        await lab.ApplyAsync(Policies.Parse("media", "web-from-blocks", spec));
        Assert.False(await lab.CanConnectAsync("client", "web", 8080, family));
        Assert.True(await lab.CanConnectAsync("proxy", "web", 8080, family));
    }

    [Theory]
    [InlineData(IpFamily.V4)]
    [InlineData(IpFamily.V6)]
    public async Task Stacked_policies_allow_the_union(IpFamily family)
    {
        await lab.ApplyAsync(
            Policies.Parse("media", "web-8080-from-client", """
                serviceSelector: {matchLabels: {app: web}}
                ingress:
                  - from: [{serviceSelector: {matchLabels: {app: client}}}]
                    ports: [{port: 8080}]
                """),
            Policies.Parse("media", "web-8081-from-edge", """
                serviceSelector: {matchLabels: {app: web}}
                ingress:
                  - from: [{namespaceSelector: {matchLabels: {tier: edge}}}]
                    ports: [{port: 8081}]
                """));
        Assert.True(await lab.CanConnectAsync("client", "web", 8080, family));
        Assert.False(await lab.CanConnectAsync("client", "web", 8081, family));
        Assert.True(await lab.CanConnectAsync("proxy", "web", 8081, family));
        Assert.False(await lab.CanConnectAsync("proxy", "web", 8080, family));
    }

    [Theory]
    [InlineData(IpFamily.V4)]
    [InlineData(IpFamily.V6)]
    public async Task Egress_and_ingress_must_both_allow(IpFamily family)
    {
        var clientEgress = Policies.Parse("media", "client-to-web", """
            serviceSelector: {matchLabels: {app: client}}
            policyTypes: [Egress]
            egress:
              - to: [{serviceSelector: {matchLabels: {app: web}}}]
                ports: [{port: http}]
            """);
        await lab.ApplyAsync(clientEgress, DenyAllIngress);
        Assert.False(await lab.CanConnectAsync("client", "web", 8080, family));
        await lab.ApplyAsync(clientEgress);
        Assert.True(await lab.CanConnectAsync("client", "web", 8080, family));
        Assert.False(await lab.CanConnectAsync("client", "web", 8081, family));
    }

    [Theory]
    [InlineData(IpFamily.V4)]
    [InlineData(IpFamily.V6)]
    public async Task Policy_update_and_deletion_take_effect(IpFamily family)
    {
        var open8080 = Policies.Parse("media", "web", """
            serviceSelector: {matchLabels: {app: web}}
            ingress: [{ports: [{port: 8080}]}]
            """);
        await lab.ApplyAsync(open8080);
        Assert.True(await lab.CanConnectAsync("client", "web", 8080, family));

        await lab.ApplyAsync(Policies.Parse("media", "web", """
            serviceSelector: {matchLabels: {app: web}}
            ingress: [{ports: [{port: 8081}]}]
            """));
        Assert.False(await lab.CanConnectAsync("client", "web", 8080, family));
        Assert.True(await lab.CanConnectAsync("client", "web", 8081, family));

        await lab.ApplyAsync();
        Assert.True(await lab.CanConnectAsync("client", "web", 8080, family));
    }

    [Theory]
    [InlineData(IpFamily.V4)]
    [InlineData(IpFamily.V6)]
    public async Task Label_change_moves_a_service_out_of_a_peer_selector(IpFamily family)
    {
        var policy = Policies.Parse("media", "web-from-client", """
            serviceSelector: {matchLabels: {app: web}}
            ingress: [{from: [{serviceSelector: {matchLabels: {app: client}}}]}]
            """);
        await lab.ApplyAsync(policy);
        Assert.True(await lab.CanConnectAsync("client", "web", 8080, family));

        var relabelled = lab.Services.Values.Select(s => s.Name == "client" ? s with { Labels = new Dictionary<string, string> { ["app"] = "other" } } : s).ToList();
        await lab.ApplyAsync(relabelled, policy);
        Assert.False(await lab.CanConnectAsync("client", "web", 8080, family));
    }

    [Fact]
    public async Task A_container_cannot_send_from_another_ip_or_mac()
    {
        await lab.ApplyAsync();
        Assert.True(await lab.CanConnectAsync("spoofer", "web", 8080));
        var own = lab.Services["spoofer"];
        var forged = own.Address!.GetAddressBytes();
        forged[3] = 99;
        var forgedIp = new System.Net.IPAddress(forged);
        try
        {
            // Flush first: deleting a primary address would take a secondary one in the same subnet with it.
            Assert.Equal(0, (await lab.ExecAsync("spoofer", "ip", "addr", "flush", "dev", "eth0")).ExitCode);
            Assert.Equal(0, (await lab.ExecAsync("spoofer", "ip", "addr", "add", $"{forgedIp}/24", "dev", "eth0")).ExitCode);
            Assert.Equal(0, (await lab.ExecAsync("spoofer", "ip", "route", "replace", "default", "via", own.Gateway!.ToString())).ExitCode);
            var arpDropped = await lab.CounterAsync("arp", "input", "ARP sender IP");
            Assert.False(await lab.CanConnectAsync("spoofer", "web", 8080));
            Assert.True(await lab.CounterAsync("arp", "input", "ARP sender IP") > arpDropped);

            // With the gateway's MAC pinned no ARP is needed, so the forged IP packet itself reaches the host and is dropped.
            var gatewayMac = (await File.ReadAllTextAsync($"/sys/class/net/{own.Interface}/address")).Trim();
            Assert.Equal(0, (await lab.ExecAsync("spoofer", "arp", "-i", "eth0", "-s", own.Gateway!.ToString(), gatewayMac)).ExitCode);
            var ipDropped = await lab.CounterAsync("inet", "antispoof", "source IP");
            Assert.False(await lab.CanConnectAsync("spoofer", "web", 8080));
            Assert.True(await lab.CounterAsync("inet", "antispoof", "source IP") > ipDropped);
        }
        finally
        {
            await lab.ExecAsync("spoofer", "ip", "addr", "flush", "dev", "eth0");
            await lab.ExecAsync("spoofer", "ip", "neigh", "flush", "dev", "eth0");
            await lab.ExecAsync("spoofer", "ip", "addr", "add", $"{own.Address}/24", "dev", "eth0");
            await lab.ExecAsync("spoofer", "ip", "route", "replace", "default", "via", own.Gateway!.ToString());
        }
        Assert.True(await lab.CanConnectAsync("spoofer", "web", 8080));
        try
        {
            Assert.Equal(0, (await lab.ExecAsync("spoofer", "ip", "link", "set", "eth0", "address", "02:42:de:ad:be:ef")).ExitCode);
            // Whichever goes first, the ARP request or the IP packet, carries the forged MAC and is dropped.
            var droppedBefore = await MacDropsAsync();
            Assert.False(await lab.CanConnectAsync("spoofer", "web", 8080));
            Assert.True(await MacDropsAsync() > droppedBefore);
        }
        finally
        {
            await lab.ExecAsync("spoofer", "ip", "link", "set", "eth0", "address", own.Mac!);
            await lab.ExecAsync("spoofer", "ip", "route", "replace", "default", "via", own.Gateway!.ToString());
        }
        Assert.True(await lab.CanConnectAsync("spoofer", "web", 8080));
    }

    private static readonly IPAddress AllNodes = IPAddress.Parse("ff02::1");
    private const string AllNodesMac = "33:33:00:00:00:01";

    [Fact]
    public async Task Over_IPv6_a_container_cannot_send_from_another_address_or_mac()
    {
        await lab.ApplyAsync();
        var own = lab.Services["spoofer"];
        var gateway = lab.GatewayOf("spoofer", IpFamily.V6);
        var bridgeMac = await lab.BridgeMacAsync("spoofer");
        var forged = own.Address6!.GetAddressBytes();
        forged[^1] = 0x99;
        // The same echo request passes from the container's own address and MAC, so a drop below is the firewall's.
        Assert.True(await lab.HostReceivesIcmpv6Async("spoofer", "echo", 128, own.Mac!, own.Address6, bridgeMac, gateway));
        Assert.True(await lab.HostReceivesIcmpv6Async("spoofer", "echo", 128, own.Mac!, LinkLocal(own.Mac!), AllNodesMac, AllNodes));

        var dropped = await lab.CounterAsync("inet", "antispoof6", "source IPv6");
        Assert.False(await lab.HostReceivesIcmpv6Async("spoofer", "echo", 128, own.Mac!, new IPAddress(forged), bridgeMac, gateway));
        Assert.False(await lab.HostReceivesIcmpv6Async("spoofer", "echo", 128, own.Mac!, lab.AddressOf("web", IpFamily.V6), bridgeMac, gateway));
        Assert.False(await lab.HostReceivesIcmpv6Async("spoofer", "echo", 128, own.Mac!, LinkLocal(lab.Services["web"].Mac!), AllNodesMac, AllNodes));
        Assert.False(await lab.HostReceivesIcmpv6Async("spoofer", "echo", 128, own.Mac!, IPAddress.IPv6Any, AllNodesMac, AllNodes));
        Assert.Equal(dropped + 4, await lab.CounterAsync("inet", "antispoof6", "source IPv6"));
        Assert.False(await lab.HostReceivesIcmpv6Async("spoofer", "echo", 128, "02:42:de:ad:be:ef", own.Address6, bridgeMac, gateway));
    }

    [Fact]
    public async Task Over_IPv6_a_container_cannot_send_router_advertisements_or_redirects()
    {
        await lab.ApplyAsync();
        var own = lab.Services["spoofer"];
        var linkLocal = LinkLocal(own.Mac!);
        Assert.True(await lab.HostReceivesIcmpv6Async("spoofer", "echo", 128, own.Mac!, linkLocal, AllNodesMac, AllNodes));

        var dropped = await lab.CounterAsync("inet", "antispoof6", "router advertisements");
        Assert.False(await lab.HostReceivesIcmpv6Async("spoofer", "ra", 134, own.Mac!, linkLocal, AllNodesMac, AllNodes));
        Assert.False(await lab.HostReceivesIcmpv6Async("spoofer", "redirect", 137, own.Mac!, linkLocal, AllNodesMac, AllNodes, lab.AddressOf("web", IpFamily.V6)));
        Assert.Equal(dropped + 2, await lab.CounterAsync("inet", "antispoof6", "router advertisements"));
    }

    [Fact]
    public async Task Over_IPv6_a_container_advertises_only_its_own_addresses_to_its_neighbours()
    {
        await lab.ApplyAsync();
        var own = lab.Services["spoofer"];
        var linkLocal = LinkLocal(own.Mac!);
        Assert.True(await lab.HostReceivesIcmpv6Async("spoofer", "na", 136, own.Mac!, linkLocal, AllNodesMac, AllNodes, own.Address6));
        Assert.True(await lab.HostReceivesIcmpv6Async("spoofer", "na", 136, own.Mac!, linkLocal, AllNodesMac, AllNodes, linkLocal));

        var dropped = await lab.CounterAsync("inet", "antispoof6", "neighbour advertisement");
        Assert.False(await lab.HostReceivesIcmpv6Async("spoofer", "na", 136, own.Mac!, linkLocal, AllNodesMac, AllNodes, lab.AddressOf("web", IpFamily.V6)));
        Assert.False(await lab.HostReceivesIcmpv6Async("spoofer", "na", 136, own.Mac!, linkLocal, AllNodesMac, AllNodes, lab.GatewayOf("spoofer", IpFamily.V6)));
        Assert.Equal(dropped + 2, await lab.CounterAsync("inet", "antispoof6", "neighbour advertisement"));
    }

    /// <summary>The EUI-64 link-local address the kernel gives an interface with this MAC.</summary>
    private static IPAddress LinkLocal(string mac)
    {
        var m = Convert.FromHexString(mac.Replace(":", "", StringComparison.Ordinal));
        return new IPAddress([0xfe, 0x80, 0, 0, 0, 0, 0, 0, (byte)(m[0] ^ 0x02), m[1], m[2], 0xff, 0xfe, m[3], m[4], m[5]]);
    }

    private async Task<long> MacDropsAsync() =>
        await lab.CounterAsync("inet", "antispoof", "source MAC") + await lab.CounterAsync("arp", "input", "ARP sender MAC");

    [Fact]
    public async Task A_flushed_table_is_loaded_again_and_an_intact_one_is_left_alone()
    {
        var model = await lab.ApplyAsync(DenyAllIngress);
        var ruleset = NftRenderer.Render(model, lab.TableName);
        Assert.Equal(FirewallLoadResult.Unchanged, await lab.Firewall.ApplyAsync(ruleset, verifyLive: true, CancellationToken.None));

        await Shell.CheckedAsync("nft", "flush", "table", "inet", lab.TableName);
        Assert.True(await lab.CanConnectAsync("client", "web", 8080));
        // Only a verifying apply (the controller's resync) looks at the kernel; a plain one trusts what it loaded.
        Assert.Equal(FirewallLoadResult.Unchanged, await lab.Firewall.ApplyAsync(ruleset, verifyLive: false, CancellationToken.None));
        Assert.Equal(FirewallLoadResult.Loaded, await lab.Firewall.ApplyAsync(ruleset, verifyLive: true, CancellationToken.None));
        Assert.False(await lab.CanConnectAsync("client", "web", 8080));
    }
}
