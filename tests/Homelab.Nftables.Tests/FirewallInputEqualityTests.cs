using System.Reflection;
using Homelab.Api.Meta;
using Homelab.Api.Resources;
using Homelab.Nftables.Model;

namespace Homelab.Nftables.Tests;

/// <summary>Two reads of the same objects are the same inputs; any change the firewall could see is not.</summary>
public sealed class FirewallInputEqualityTests
{
    private const string Yaml = """
        apiVersion: homelab.dev/v1alpha1
        kind: Namespace
        metadata: {name: media, labels: {team: media}}
        ---
        apiVersion: homelab.dev/v1alpha1
        kind: Service
        metadata: {name: web, namespace: media, labels: {app: web, tier: front}}
        spec:
          image: registry.local/web:1
          ports: [{name: http, containerPort: 8080}]
        status: {interface: hl0000000001, ip: 10.89.1.2, ips: [10.89.1.2, "fd12::2"], mac: "02:00:0a:59:01:02", gateway: 10.89.1.1, subnet: 10.89.1.0/24, subnets: [10.89.1.0/24, "fd12::/64"], restartCount: 0, containerID: abc}
        ---
        apiVersion: homelab.dev/v1alpha1
        kind: NetworkPolicy
        metadata: {name: web-in, namespace: media}
        spec:
          serviceSelector: {matchLabels: {app: web}}
          policyTypes: [Ingress, Egress]
          ingress:
            - from:
                - namespaceSelector: {matchLabels: {team: media}}
                  serviceSelector: {matchExpressions: [{key: app, operator: In, values: [proxy]}]}
                - ipBlock: {cidr: 192.168.0.0/16, except: [192.168.1.0/24]}
              ports: [{protocol: TCP, port: http}, {protocol: UDP, port: 5000, endPort: 5010}]
          egress:
            - to: [{serviceSelector: {matchLabels: {app: db}}}]
              ports: [{port: 5432}]
        """;

    [Fact]
    public void The_same_objects_read_twice_are_the_same_inputs()
    {
        Assert.True(FirewallInputEquality.Same(GoldenCase.Parse(Yaml), GoldenCase.Parse(Yaml)));
    }

    [Theory]
    [MemberData(nameof(GoldenTests.Cases), MemberType = typeof(GoldenTests))]
    public void Every_golden_input_read_twice_is_the_same(string name)
    {
        Assert.True(FirewallInputEquality.Same(GoldenCase.Load(name), GoldenCase.Load(name)));
    }

    [Theory]
    [InlineData("restartCount: 0", "restartCount: 3")]
    [InlineData("containerID: abc", "containerID: def")]
    [InlineData("image: registry.local/web:1", "image: registry.local/web:2")]
    public void A_change_the_firewall_does_not_read_leaves_the_inputs_the_same(string from, string to)
    {
        Assert.True(FirewallInputEquality.Same(GoldenCase.Parse(Yaml), GoldenCase.Parse(Replace(from, to))));
    }

    [Theory]
    [InlineData("labels: {app: web, tier: front}", "labels: {app: web, tier: back}")]
    [InlineData("labels: {app: web, tier: front}", "labels: {app: web}")]
    [InlineData("labels: {team: media}", "labels: {team: other}")]
    [InlineData("interface: hl0000000001", "interface: hl0000000002")]
    [InlineData("ip: 10.89.1.2", "ip: 10.89.1.3")]
    [InlineData("\"fd12::2\"]", "\"fd12::3\"]")]
    [InlineData("\"fd12::/64\"]", "\"fd12:0:0:1::/64\"]")]
    [InlineData("mac: \"02:00:0a:59:01:02\"", "mac: \"02:00:0a:59:01:03\"")]
    [InlineData("gateway: 10.89.1.1", "gateway: 10.89.1.254")]
    [InlineData("subnet: 10.89.1.0/24", "subnet: 10.89.0.0/16")]
    [InlineData("{name: http, containerPort: 8080}", "{name: http, containerPort: 8081}")]
    [InlineData("{name: http, containerPort: 8080}", "{name: web, containerPort: 8080}")]
    [InlineData("{name: http, containerPort: 8080}", "{name: http, containerPort: 8080, protocol: UDP}")]
    [InlineData("serviceSelector: {matchLabels: {app: web}}", "serviceSelector: {matchLabels: {app: api}}")]
    [InlineData("policyTypes: [Ingress, Egress]", "policyTypes: [Ingress]")]
    [InlineData("namespaceSelector: {matchLabels: {team: media}}", "namespaceSelector: {}")]
    [InlineData("operator: In", "operator: NotIn")]
    [InlineData("values: [proxy]", "values: [proxy, caddy]")]
    [InlineData("cidr: 192.168.0.0/16", "cidr: 192.168.0.0/17")]
    [InlineData("except: [192.168.1.0/24]", "except: [192.168.2.0/24]")]
    [InlineData("{protocol: TCP, port: http}", "{protocol: TCP, port: https}")]
    [InlineData("{protocol: TCP, port: http}", "{protocol: UDP, port: http}")]
    [InlineData("endPort: 5010", "endPort: 5011")]
    [InlineData("ports: [{port: 5432}]", "ports: [{port: 5433}]")]
    [InlineData("{serviceSelector: {matchLabels: {app: db}}}", "{serviceSelector: {matchLabels: {app: db}}, namespaceSelector: {}}")]
    [InlineData("    - to: [{serviceSelector: {matchLabels: {app: db}}}]\n      ports: [{port: 5432}]", "    - ports: [{port: 5432}]")]
    [InlineData("name: web-in", "name: web-in-2")]
    [InlineData("name: web, namespace: media", "name: web2, namespace: media")]
    public void A_change_the_firewall_reads_makes_the_inputs_differ(string from, string to)
    {
        Assert.False(FirewallInputEquality.Same(GoldenCase.Parse(Yaml), GoldenCase.Parse(Replace(from, to))));
    }

    [Fact]
    public void An_object_more_or_less_makes_the_inputs_differ()
    {
        var input = GoldenCase.Parse(Yaml);
        var api = input.Services[0] with { Name = "api" };
        Assert.False(FirewallInputEquality.Same(input, input with { Services = [.. input.Services, api] }));
        Assert.False(FirewallInputEquality.Same(input, input with { Namespaces = [] }));
        Assert.False(FirewallInputEquality.Same(input, input with { Policies = [] }));
    }

    [Fact]
    public void A_policy_a_route_implies_differs_from_the_same_spec_as_a_network_policy()
    {
        var input = GoldenCase.Parse(Yaml);
        var implied = input with { Policies = [.. input.Policies.Select((p, i) => i == 0 ? p with { ImpliedFor = "web" } : p)] };
        Assert.False(FirewallInputEquality.Same(input, implied));
    }

    /// <summary>
    /// <see cref="FirewallInputEquality"/> compares field by field: a field it does not know would let a real change go
    /// unloaded. When this fails, compare the new field there, then add it here.
    /// </summary>
    [Theory]
    [InlineData(typeof(FirewallInput), "Namespaces,Policies,Services")]
    [InlineData(typeof(ServiceEndpoint), "Address,Address6,Gateway,Interface,Key,Labels,Mac,Name,Namespace,Ports,Subnet,Subnet6")]
    [InlineData(typeof(NamedPort), "Name,Port,Protocol")]
    [InlineData(typeof(NamespaceInfo), "Labels,Name")]
    [InlineData(typeof(PolicyInput), "ImpliedFor,Name,Namespace,Ref,Spec")]
    [InlineData(typeof(NetworkPolicySpec), "Egress,Ingress,PolicyTypes,ServiceSelector")]
    [InlineData(typeof(NetworkPolicyIngressRule), "From,Ports")]
    [InlineData(typeof(NetworkPolicyEgressRule), "Ports,To")]
    [InlineData(typeof(NetworkPolicyPeer), "IpBlock,NamespaceSelector,ServiceSelector")]
    [InlineData(typeof(IpBlock), "Cidr,Except")]
    [InlineData(typeof(NetworkPolicyPort), "EndPort,Port,Protocol")]
    [InlineData(typeof(LabelSelector), "MatchExpressions,MatchLabels")]
    [InlineData(typeof(LabelSelectorRequirement), "Key,Operator,Values")]
    [InlineData(typeof(IntOrString), "IsNumber,Name,Number")]
    public void The_comparison_knows_every_field_of_the_inputs(Type type, string fields)
    {
        var actual = type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => p.Name).Where(n => n != "EqualityContract").Order(StringComparer.Ordinal);
        Assert.Equal(fields, string.Join(",", actual));
    }

    private static string Replace(string from, string to)
    {
        Assert.Contains(from, Yaml, StringComparison.Ordinal);
        return Yaml.Replace(from, to, StringComparison.Ordinal);
    }
}
