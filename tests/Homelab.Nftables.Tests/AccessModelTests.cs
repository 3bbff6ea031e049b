using System.Net;
using Homelab.Nftables.Access;
using Homelab.Nftables.Model;

namespace Homelab.Nftables.Tests;

/// <summary>Kubernetes NetworkPolicy semantics, with Services in place of Pods.</summary>
public sealed class AccessModelTests
{
    private static readonly ServiceEndpoint Web = Service("media", "web", 1, new() { ["app"] = "web" }, new NamedPort("http", 8080, PortProtocols.Tcp));
    private static readonly ServiceEndpoint Api = Service("media", "api", 2, new() { ["app"] = "api" }, new NamedPort("http", 9090, PortProtocols.Tcp));
    private static readonly ServiceEndpoint Proxy = Service("edge", "proxy", 3, new() { ["app"] = "proxy" });
    private static readonly ServiceEndpoint OtherApi = Service("edge", "api", 4, new() { ["app"] = "api" });

    private static readonly NamespaceInfo[] Namespaces =
    [
        new("media", new Dictionary<string, string> { ["team"] = "media" }),
        new("edge", new Dictionary<string, string> { ["tier"] = "edge" }),
    ];

    [Fact]
    public void A_service_no_policy_selects_is_open_both_ways()
    {
        var decision = Model().Explain("edge/proxy", "media/web", 8080, "TCP");
        Assert.True(decision.Allowed);
        Assert.False(decision.Ingress.Isolated);
        Assert.False(decision.Egress.Isolated);
    }

    [Fact]
    public void An_ingress_policy_without_rules_denies_everything_and_names_itself()
    {
        var decision = Model(Policy("media", "deny", "serviceSelector: {}")).Explain("edge/proxy", "media/web", 8080, "TCP");
        Assert.False(decision.Allowed);
        Assert.Equal(["media/deny"], decision.Policies);
        Assert.Contains("media/deny", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_policy_selects_only_services_of_its_own_namespace()
    {
        var model = Model(Policy("media", "deny-api", "serviceSelector: {matchLabels: {app: api}}"));
        Assert.False(model.Explain("edge/proxy", "media/api", 9090, "TCP").Allowed);
        Assert.True(model.Explain("media/web", "edge/api", 9090, "TCP").Allowed);
    }

    [Fact]
    public void A_peer_service_selector_alone_means_the_policy_namespace()
    {
        var model = Model(Policy("media", "web-from-api", """
            serviceSelector: {matchLabels: {app: web}}
            ingress: [{from: [{serviceSelector: {matchLabels: {app: api}}}]}]
            """));
        Assert.True(model.Explain("media/api", "media/web", 8080, "TCP").Allowed);
        Assert.False(model.Explain("edge/api", "media/web", 8080, "TCP").Allowed);
    }

    [Fact]
    public void An_empty_namespace_selector_means_every_namespace()
    {
        var model = Model(Policy("media", "web-from-all-api", """
            serviceSelector: {matchLabels: {app: web}}
            ingress: [{from: [{namespaceSelector: {}, serviceSelector: {matchLabels: {app: api}}}]}]
            """));
        Assert.True(model.Explain("edge/api", "media/web", 8080, "TCP").Allowed);
        Assert.False(model.Explain("edge/proxy", "media/web", 8080, "TCP").Allowed);
    }

    [Fact]
    public void Namespace_and_service_selector_in_one_peer_are_an_intersection_and_two_peers_a_union()
    {
        var intersection = Model(Policy("media", "p", """
            serviceSelector: {matchLabels: {app: web}}
            ingress: [{from: [{namespaceSelector: {matchLabels: {tier: edge}}, serviceSelector: {matchLabels: {app: api}}}]}]
            """));
        Assert.True(intersection.Explain("edge/api", "media/web", 8080, "TCP").Allowed);
        Assert.False(intersection.Explain("edge/proxy", "media/web", 8080, "TCP").Allowed);
        Assert.False(intersection.Explain("media/api", "media/web", 8080, "TCP").Allowed);

        var union = Model(Policy("media", "p", """
            serviceSelector: {matchLabels: {app: web}}
            ingress: [{from: [{namespaceSelector: {matchLabels: {tier: edge}}}, {serviceSelector: {matchLabels: {app: api}}}]}]
            """));
        Assert.True(union.Explain("edge/proxy", "media/web", 8080, "TCP").Allowed);
        Assert.True(union.Explain("media/api", "media/web", 8080, "TCP").Allowed);
    }

    [Fact]
    public void Namespaces_are_selectable_by_their_name_label_even_without_labels_of_their_own()
    {
        var model = AccessModel.Build(new FirewallInput([Web, Proxy], [], [Policy("media", "p", """
            serviceSelector: {}
            ingress: [{from: [{namespaceSelector: {matchLabels: {homelab.dev/namespace: edge}}}]}]
            """)]));
        Assert.True(model.Explain("edge/proxy", "media/web", 8080, "TCP").Allowed);
    }

    [Fact]
    public void Stacked_policies_allow_the_union_of_their_rules()
    {
        var model = Model(
            Policy("media", "a", "serviceSelector: {matchLabels: {app: web}}\ningress: [{ports: [{port: 8080}]}]"),
            Policy("media", "b", "serviceSelector: {matchLabels: {app: web}}\ningress: [{ports: [{port: 8081}]}]"));
        Assert.Equal(["media/a ingress[0]"], model.Explain("edge/proxy", "media/web", 8080, "TCP").Policies);
        Assert.Equal(["media/b ingress[0]"], model.Explain("edge/proxy", "media/web", 8081, "TCP").Policies);
        Assert.False(model.Explain("edge/proxy", "media/web", 8082, "TCP").Allowed);
    }

    [Fact]
    public void Policy_types_default_to_ingress_plus_egress_only_when_egress_rules_exist()
    {
        var ingressOnly = Model(Policy("media", "p", "serviceSelector: {matchLabels: {app: web}}"));
        Assert.True(ingressOnly.Explain("media/web", "edge/proxy", 80, "TCP").Allowed);

        var withEgress = Model(Policy("media", "p", "serviceSelector: {matchLabels: {app: web}}\negress: [{ports: [{port: 443}]}]"));
        Assert.False(withEgress.Explain("media/web", "edge/proxy", 80, "TCP").Allowed);
        Assert.True(withEgress.Explain("media/web", "edge/proxy", 443, "TCP").Allowed);
        Assert.False(withEgress.Explain("edge/proxy", "media/web", 8080, "TCP").Allowed);
    }

    [Fact]
    public void An_egress_only_policy_ignores_its_ingress_rules_and_leaves_ingress_open()
    {
        var model = Model(Policy("media", "p", "serviceSelector: {matchLabels: {app: web}}\npolicyTypes: [Egress]\ningress: [{ports: [{port: 1}]}]"));
        Assert.True(model.Explain("edge/proxy", "media/web", 8080, "TCP").Allowed);
        Assert.False(model.Explain("media/web", "edge/proxy", 80, "TCP").Allowed);
    }

    [Fact]
    public void A_connection_needs_the_source_egress_and_the_destination_ingress()
    {
        var egressOpen = Policy("edge", "proxy-to-web", """
            serviceSelector: {matchLabels: {app: proxy}}
            policyTypes: [Egress]
            egress: [{to: [{namespaceSelector: {matchLabels: {team: media}}, serviceSelector: {matchLabels: {app: web}}}]}]
            """);
        var ingressClosed = Policy("media", "deny", "serviceSelector: {}");
        var denied = Model(egressOpen, ingressClosed).Explain("edge/proxy", "media/web", 8080, "TCP");
        Assert.False(denied.Allowed);
        Assert.True(denied.Egress.Allowed);
        Assert.False(denied.Ingress.Allowed);
        Assert.False(Model(egressOpen).Explain("edge/proxy", "media/api", 9090, "TCP").Allowed);
    }

    [Fact]
    public void A_named_port_resolves_on_each_destination()
    {
        var model = Model(Policy("media", "http", "serviceSelector: {}\ningress: [{ports: [{port: http}]}]"));
        Assert.True(model.Explain("edge/proxy", "media/web", 8080, "TCP").Allowed);
        Assert.False(model.Explain("edge/proxy", "media/web", 9090, "TCP").Allowed);
        Assert.True(model.Explain("edge/proxy", "media/api", 9090, "TCP").Allowed);
        Assert.False(model.Explain("edge/proxy", "media/web", 8080, "UDP").Allowed);
    }

    [Fact]
    public void An_egress_named_port_resolves_on_the_destination_service()
    {
        var model = Model(Policy("edge", "p", "serviceSelector: {matchLabels: {app: proxy}}\npolicyTypes: [Egress]\negress: [{ports: [{port: http}]}]"));
        Assert.True(model.Explain("edge/proxy", "media/web", 8080, "TCP").Allowed);
        Assert.True(model.Explain("edge/proxy", "media/api", 9090, "TCP").Allowed);
        Assert.False(model.Explain("edge/proxy", "media/api", 8080, "TCP").Allowed);
        Assert.False(model.Explain("edge/proxy", "192.0.2.7", 8080, "TCP").Allowed);
    }

    [Theory]
    [InlineData(7999, false)]
    [InlineData(8000, true)]
    [InlineData(8100, true)]
    [InlineData(8101, false)]
    public void End_port_makes_an_inclusive_range(int port, bool allowed)
    {
        var model = Model(Policy("media", "p", "serviceSelector: {}\ningress: [{ports: [{port: 8000, endPort: 8100}]}]"));
        Assert.Equal(allowed, model.Explain("edge/proxy", "media/web", port, "TCP").Allowed);
    }

    [Fact]
    public void A_port_entry_without_a_port_allows_every_port_of_its_protocol()
    {
        var model = Model(Policy("media", "p", "serviceSelector: {}\ningress: [{ports: [{protocol: UDP}]}]"));
        Assert.True(model.Explain("edge/proxy", "media/web", 5353, "UDP").Allowed);
        Assert.False(model.Explain("edge/proxy", "media/web", 5353, "TCP").Allowed);
    }

    [Fact]
    public void An_sctp_port_allows_sctp_to_that_port_alone_and_is_enforced_by_protocol_and_port()
    {
        var policy = Policy("media", "p", "serviceSelector: {}\ningress: [{ports: [{protocol: SCTP, port: 9899}]}]");
        var model = Model(policy);

        Assert.True(model.Explain("edge/proxy", "media/web", 9899, "SCTP").Allowed);
        Assert.False(model.Explain("edge/proxy", "media/web", 9899, "TCP").Allowed);
        Assert.False(model.Explain("edge/proxy", "media/web", 9898, "SCTP").Allowed);
        Assert.Contains("sctp . 9899", Rendering.NftRenderer.Render(model).PolicyRules[policy.Ref], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("192.168.1.10", true)]
    [InlineData("192.168.1.1", false)]
    [InlineData("192.168.1.130", false)]
    [InlineData("192.168.2.10", false)]
    public void IpBlock_except_removes_addresses_from_the_block(string source, bool allowed)
    {
        var model = Model(Policy("media", "lan", """
            serviceSelector: {}
            ingress: [{from: [{ipBlock: {cidr: 192.168.1.0/24, except: [192.168.1.1/32, 192.168.1.128/25]}}]}]
            """));
        Assert.Equal(allowed, model.Explain(source, "media/web", 8080, "TCP").Allowed);
    }

    [Fact]
    public void The_host_may_always_connect_to_an_isolated_service()
    {
        var model = Model(Policy("media", "deny", "serviceSelector: {}"));
        Assert.True(model.Explain("host", "media/web", 8080, "TCP").Allowed);
        Assert.True(model.Explain(AccessModel.GatewayOf(Web)!.ToString(), "media/web", 8080, "TCP").Allowed);
    }

    [Fact]
    public void Dns_to_the_own_gateway_survives_default_deny_egress_but_not_to_another_gateway()
    {
        var model = Model(Policy("media", "deny", "serviceSelector: {}\npolicyTypes: [Egress]"));
        Assert.True(model.Explain("media/web", AccessModel.GatewayOf(Web)!.ToString(), 53, "UDP").Allowed);
        Assert.True(model.Explain("media/web", "host", 53, "TCP").Allowed);
        Assert.False(model.Explain("media/web", AccessModel.GatewayOf(Proxy)!.ToString(), 53, "UDP").Allowed);
        Assert.False(model.Explain("media/web", "host", 22, "TCP").Allowed);
    }

    [Fact]
    public void A_service_address_counts_as_that_service()
    {
        var model = Model(Policy("media", "p", "serviceSelector: {matchLabels: {app: web}}\ningress: [{from: [{namespaceSelector: {matchLabels: {tier: edge}}}]}]"));
        Assert.True(model.Explain(Proxy.Address!.ToString(), "media/web", 8080, "TCP").Allowed);
    }

    [Fact]
    public void A_bad_part_of_a_policy_is_reported_and_left_out_so_less_is_allowed()
    {
        var model = Model(Policy("media", "p", """
            serviceSelector: {}
            ingress: [{from: [{ipBlock: {cidr: 10.0.0.0/33}}], ports: [{port: 8080}]}]
            """));
        var diagnostic = Assert.Single(model.Diagnostics);
        Assert.Equal("spec.ingress[0].from[0].ipBlock.cidr", diagnostic.Field);
        Assert.False(model.Explain("edge/proxy", "media/web", 8080, "TCP").Allowed);
    }

    [Theory]
    [InlineData("nobody/here", "media/web", 80, "TCP", "from: Service nobody/here does not exist")]
    [InlineData("edge/proxy", "not an address", 80, "TCP", "to: \"not an address\" is not namespace/name")]
    [InlineData("edge/proxy", "media/web", 0, "TCP", "port: 0 is outside 1-65535")]
    [InlineData("edge/proxy", "media/web", 80, "ICMP", "protocol: \"ICMP\" is not TCP, UDP or SCTP")]
    public void Explain_rejects_bad_input_naming_the_field(string from, string to, int port, string protocol, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => Model().Explain(from, to, port, protocol));
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Summary_lists_isolation_and_the_rules_that_open_a_service()
    {
        var model = Model(
            Policy("media", "deny", "serviceSelector: {}\npolicyTypes: [Ingress, Egress]"),
            Policy("media", "web-http", "serviceSelector: {matchLabels: {app: web}}\ningress: [{from: [{namespaceSelector: {matchLabels: {tier: edge}}}], ports: [{port: http}]}]"));
        var summary = model.Summarize(Web);
        Assert.True(summary.IngressIsolated);
        Assert.True(summary.EgressIsolated);
        Assert.Equal(["media/deny", "media/web-http"], summary.IngressPolicies);
        var rule = Assert.Single(summary.IngressRules);
        Assert.Equal("media/web-http ingress[0]", rule.Rule);
        Assert.Equal("edge/api, edge/proxy", rule.Peers);
        Assert.Equal("TCP/http=8080", rule.Ports);
        Assert.Empty(summary.EgressRules);
    }

    [Fact]
    public void A_routes_implied_policy_never_isolates_a_service_on_its_own()
    {
        var model = Model(RouteImplied("web", 8080));

        Assert.True(model.Explain("edge/api", "media/web", 8080, "TCP").Allowed);
        Assert.False(model.Explain("edge/api", "media/web", 8080, "TCP").Ingress.Isolated);
    }

    [Fact]
    public void A_routes_implied_policy_admits_the_proxy_to_the_routed_port_of_its_one_service_only()
    {
        var model = Model(Policy("media", "deny", "serviceSelector: {}"), RouteImplied("web", 8080));

        var allowed = model.Explain("edge/proxy", "media/web", 8080, "TCP");
        Assert.True(allowed.Allowed);
        Assert.Equal(["media/route:r:web ingress[0]"], allowed.Policies);
        Assert.False(model.Explain("edge/proxy", "media/web", 8081, "TCP").Allowed);
        Assert.False(model.Explain("edge/proxy", "media/api", 9090, "TCP").Allowed);
        Assert.False(model.Explain("edge/api", "media/web", 8080, "TCP").Allowed);
    }

    [Fact]
    public void A_routes_implied_policy_renders_under_a_name_no_network_policy_can_have()
    {
        // Every peer a rule line: the implied policy's sets are named after it.
        var text = Rendering.NftRenderer.Render(Model(Policy("media", "deny", "serviceSelector: {}"), RouteImplied("web", 8080)), "homelab", maxPairs: 0).Text;

        Assert.Contains("pol_in_media_-route-r-web", text, StringComparison.Ordinal);
        Assert.DoesNotContain("pol_in_media_route-r-web", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_services_IPv6_address_resolves_to_it_and_the_connection_is_judged_in_that_family()
    {
        var model = Model(Policy("media", "web-from-blocks", """
            serviceSelector: {matchLabels: {app: web}}
            ingress:
              - from:
                  - ipBlock: {cidr: "fd12:3456:789a::/48", except: ["fd12:3456:789a:3::/64"]}
                  - ipBlock: {cidr: 10.89.3.0/24}
            """));

        // edge/proxy (index 3) is inside the IPv4 block but carved out of the IPv6 one; edge/api (4) the other way round.
        Assert.True(model.Explain("edge/proxy", "10.89.1.2", 8080, "TCP").Allowed);
        Assert.False(model.Explain("edge/proxy", "fd12:3456:789a:1::2", 8080, "TCP").Allowed);
        Assert.False(model.Explain("edge/api", "10.89.1.2", 8080, "TCP").Allowed);
        Assert.True(model.Explain("edge/api", "fd12:3456:789a:1::2", 8080, "TCP").Allowed);
        Assert.True(model.Explain("fd12:3456:789a:4::2", "media/web", 8080, "TCP").Allowed);
        Assert.Equal("media/web", model.Resolve("fd12:3456:789a:1::2", "to").Service!.Key);
    }

    [Fact]
    public void Dns_to_the_own_IPv6_gateway_passes_default_deny_egress()
    {
        var model = Model(Policy("media", "no-egress", "serviceSelector: {matchLabels: {app: web}}\npolicyTypes: [Egress]"));

        var dns = model.Explain("media/web", "fd12:3456:789a:1::1", 53, "UDP");
        Assert.True(dns.Allowed);
        Assert.Contains("own gateway", dns.Reason, StringComparison.Ordinal);
        Assert.False(model.Explain("media/web", "fd12:3456:789a:2::1", 53, "UDP").Allowed);
    }

    /// <summary>What a Route to media/SERVICE implies: the edge proxy may reach that one Service on the routed port.</summary>
    private static PolicyInput RouteImplied(string service, int port) =>
        Policy("media", "implied", $"serviceSelector: {{}}\ningress: [{{from: [{{namespaceSelector: {{matchLabels: {{tier: edge}}}}, serviceSelector: {{matchLabels: {{app: proxy}}}}}}], ports: [{{port: {port}}}]}}]")
            with { Name = $"route:r:{service}", ImpliedFor = service };

    private static AccessModel Model(params PolicyInput[] policies) =>
        AccessModel.Build(new FirewallInput([Web, Api, Proxy, OtherApi], Namespaces, policies));

    private static PolicyInput Policy(string ns, string name, string spec) => Policies.Parse(ns, name, spec);

    private static ServiceEndpoint Service(string ns, string name, int index, Dictionary<string, string> labels, params NamedPort[] ports) => new()
    {
        Namespace = ns,
        Name = name,
        Labels = labels,
        Interface = $"hl00000000{index:x2}",
        Address = IPAddress.Parse($"10.89.{index}.2"),
        Gateway = IPAddress.Parse($"10.89.{index}.1"),
        Address6 = IPAddress.Parse($"fd12:3456:789a:{index}::2"),
        Subnet6 = IPNetwork.Parse($"fd12:3456:789a:{index}::/64"),
        Ports = ports,
    };
}
