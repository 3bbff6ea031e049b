namespace Homelab.Nftables.Tests.Integration;

/// <summary>
/// The rule lines a rule with many Service peers becomes, proven on real packets: the lab renders every rule with Service
/// peers as a rule line (no pair is small enough to list), so these cases go through the verdict maps and peer sets that
/// RealPacketTests' small policies never reach.
/// </summary>
[Trait("Category", "Integration")]
public sealed class RuleLinePacketTests : IClassFixture<PacketLab>
{
    private readonly PacketLab _lab;

    public RuleLinePacketTests(PacketLab lab)
    {
        _lab = lab;
        _lab.MaxPairs = 0;
    }

    [Theory]
    [InlineData(IpFamily.V4)]
    [InlineData(IpFamily.V6)]
    public async Task An_ingress_rule_line_admits_its_peers_on_its_ports_only(IpFamily family)
    {
        await _lab.ApplyAsync(Policies.Parse("media", "web-from-client", """
            serviceSelector: {matchLabels: {app: web}}
            ingress:
              - from: [{serviceSelector: {matchLabels: {app: client}}}]
                ports: [{protocol: TCP, port: http}, {protocol: TCP, port: 9000, endPort: 9100}]
            """));
        Assert.True(await _lab.CanConnectAsync("client", "web", 8080, family));
        Assert.True(await _lab.CanConnectAsync("client", "web", 9050, family));
        Assert.False(await _lab.CanConnectAsync("client", "web", 8081, family));
        Assert.False(await _lab.CanConnectAsync("proxy", "web", 8080, family));
    }

    [Theory]
    [InlineData(IpFamily.V4)]
    [InlineData(IpFamily.V6)]
    public async Task An_ingress_rule_line_without_ports_admits_its_peers_on_every_port(IpFamily family)
    {
        await _lab.ApplyAsync(Policies.Parse("media", "web-from-edge", """
            serviceSelector: {matchLabels: {app: web}}
            ingress:
              - from: [{namespaceSelector: {matchLabels: {tier: edge}}}]
            """));
        Assert.True(await _lab.CanConnectAsync("proxy", "web", 8080, family));
        Assert.True(await _lab.CanConnectAsync("proxy", "web", 8081, family));
        Assert.False(await _lab.CanConnectAsync("client", "web", 8080, family));
    }

    [Theory]
    [InlineData(IpFamily.V4)]
    [InlineData(IpFamily.V6)]
    public async Task An_egress_rule_line_needs_the_destinations_ingress_too(IpFamily family)
    {
        var clientEgress = Policies.Parse("media", "client-to-web", """
            serviceSelector: {matchLabels: {app: client}}
            policyTypes: [Egress]
            egress:
              - to: [{serviceSelector: {matchLabels: {app: web}}}]
                ports: [{port: http}]
            """);
        await _lab.ApplyAsync(clientEgress, Policies.Parse("media", "deny-all", "serviceSelector: {}\npolicyTypes: [Ingress]"));
        Assert.False(await _lab.CanConnectAsync("client", "web", 8080, family));
        await _lab.ApplyAsync(clientEgress);
        Assert.True(await _lab.CanConnectAsync("client", "web", 8080, family));
        Assert.False(await _lab.CanConnectAsync("client", "web", 8081, family));
        Assert.False(await _lab.CanConnectAsync("client", "proxy", 8080, family));
    }

    [Fact]
    public async Task Rules_of_two_policies_on_one_service_share_its_rule_line_chain_and_allow_the_union()
    {
        await _lab.ApplyAsync(
            Policies.Parse("media", "web-from-client", """
                serviceSelector: {matchLabels: {app: web}}
                ingress: [{from: [{serviceSelector: {matchLabels: {app: client}}}], ports: [{port: 8080}]}]
                """),
            Policies.Parse("media", "web-from-edge", """
                serviceSelector: {matchLabels: {app: web}}
                ingress: [{from: [{namespaceSelector: {matchLabels: {tier: edge}}}], ports: [{port: 8081}]}]
                """));
        Assert.True(await _lab.CanConnectAsync("client", "web", 8080));
        Assert.False(await _lab.CanConnectAsync("client", "web", 8081));
        Assert.True(await _lab.CanConnectAsync("proxy", "web", 8081));
        Assert.False(await _lab.CanConnectAsync("proxy", "web", 8080));
    }
}
