using Homelab.Api.Meta;
using Homelab.Api.Resources;
using Xunit;

namespace Homelab.Api.Tests.Validation;

public sealed class NetworkPolicyValidatorTests
{
    private sealed record Case(Action<NetworkPolicySpec> Break, string Field, string Message);

    private static NetworkPolicyPeer From(NetworkPolicySpec s, int i) => s.Ingress![0].From![i];

    private static readonly Dictionary<string, Case> Cases = new()
    {
        ["selector missing"] = new(s => s.ServiceSelector = null, "spec.serviceSelector", "is required"),
        ["selector label value invalid"] = new(s => s.ServiceSelector!.MatchLabels!["app"] = "-jelly", "spec.serviceSelector.matchLabels[app]", "label value"),
        ["selector label key invalid"] = new(s => s.ServiceSelector!.MatchLabels = new() { ["bad key"] = "x" }, "spec.serviceSelector.matchLabels[bad key]", "qualified name"),
        ["policy type unknown"] = new(s => s.PolicyTypes![1] = "Both", "spec.policyTypes[1]", "must be one of Ingress, Egress"),
        ["policy type repeated"] = new(s => s.PolicyTypes![1] = "Ingress", "spec.policyTypes[1]", "duplicate policy type"),
        ["In without values"] = new(s => From(s, 0).ServiceSelector!.MatchExpressions![0].Values = [], "spec.ingress[0].from[0].serviceSelector.matchExpressions[0].values", "at least one value for operator In"),
        ["DoesNotExist with values"] = new(s => From(s, 0).ServiceSelector!.MatchExpressions![1].Values = ["x"], "spec.ingress[0].from[0].serviceSelector.matchExpressions[1].values", "must be empty for operator DoesNotExist"),
        ["operator unknown"] = new(s => From(s, 0).ServiceSelector!.MatchExpressions![1].Operator = "Absent", "spec.ingress[0].from[0].serviceSelector.matchExpressions[1].operator", "must be one of In, NotIn, Exists, DoesNotExist"),
        ["expression key invalid"] = new(s => From(s, 0).ServiceSelector!.MatchExpressions![0].Key = "a/b/c", "spec.ingress[0].from[0].serviceSelector.matchExpressions[0].key", "qualified name"),
        ["namespace selector invalid"] = new(s => From(s, 0).NamespaceSelector!.MatchLabels!["homelab.dev/namespace"] = "Edge!", "spec.ingress[0].from[0].namespaceSelector.matchLabels[homelab.dev/namespace]", "label value"),
        ["empty peer"] = new(s => s.Ingress![0].From![1] = new NetworkPolicyPeer(), "spec.ingress[0].from[1].serviceSelector", "at least one of serviceSelector, namespaceSelector or ipBlock"),
        ["ipBlock mixed with selector"] = new(s => From(s, 1).ServiceSelector = new LabelSelector(), "spec.ingress[0].from[1].ipBlock", "must not be combined"),
        ["cidr invalid"] = new(s => From(s, 1).IpBlock!.Cidr = "192.168.1.0/33", "spec.ingress[0].from[1].ipBlock.cidr", "CIDR"),
        ["cidr missing"] = new(s => From(s, 1).IpBlock = new IpBlock { Cidr = "" }, "spec.ingress[0].from[1].ipBlock.cidr", "is required"),
        ["except not a cidr"] = new(s => From(s, 1).IpBlock!.Except![0] = "192.168.1.1", "spec.ingress[0].from[1].ipBlock.except[0]", "CIDR"),
        ["except outside cidr"] = new(s => From(s, 1).IpBlock!.Except![0] = "10.0.0.0/8", "spec.ingress[0].from[1].ipBlock.except[0]", "must be inside cidr 192.168.1.0/24"),
        ["except equal to cidr"] = new(s => From(s, 1).IpBlock!.Except![0] = "192.168.1.0/24", "spec.ingress[0].from[1].ipBlock.except[0]", "smaller than it"),
        ["except of another family"] = new(s => s.Egress![0].To![0].IpBlock!.Except![0] = "10.0.0.0/8", "spec.egress[0].to[0].ipBlock.except[0]", "must be inside cidr"),
        ["port protocol unknown"] = new(s => s.Ingress![0].Ports![0].Protocol = "ICMP", "spec.ingress[0].ports[0].protocol", "must be one of TCP, UDP, SCTP"),
        ["port number out of range"] = new(s => s.Ingress![0].Ports![1].Port = 0, "spec.ingress[0].ports[1].port", "must be between 1 and 65535"),
        ["port name invalid"] = new(s => s.Ingress![0].Ports![0].Port = "HTTP", "spec.ingress[0].ports[0].port", "port name"),
        ["endPort with named port"] = new(s => s.Ingress![0].Ports![0].EndPort = 9000, "spec.ingress[0].ports[0].endPort", "needs a numeric port"),
        ["endPort below port"] = new(s => s.Egress![0].Ports![0].EndPort = 7999, "spec.egress[0].ports[0].endPort", "must be between port 8000 and 65535"),
        ["endPort above range"] = new(s => s.Egress![0].Ports![0].EndPort = 70000, "spec.egress[0].ports[0].endPort", "must be between port 8000 and 65535"),
    };

    public static TheoryData<string> CaseNames => new(Cases.Keys);

    [Fact]
    public void The_reference_policy_is_valid() => CauseAssert.IsValid(Valid.NetworkPolicy());

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Each_rule_names_the_json_field_it_refuses(string name)
    {
        var policy = Valid.NetworkPolicy();
        var broken = Cases[name];
        broken.Break(policy.Spec);
        CauseAssert.Single(policy, broken.Field, broken.Message);
    }

    [Fact]
    public void An_sctp_port_is_valid_as_in_kubernetes()
    {
        var policy = Valid.NetworkPolicy();
        policy.Spec.Ingress![0].Ports![0].Protocol = "SCTP";
        CauseAssert.IsValid(policy);
    }

    [Fact]
    public void Rules_without_peers_or_ports_allow_everything_and_are_valid()
    {
        var policy = Valid.NetworkPolicy();
        policy.Spec.Ingress = [new NetworkPolicyIngressRule()];
        policy.Spec.Egress = [];
        CauseAssert.IsValid(policy);
    }

    [Fact]
    public void A_policy_without_a_namespace_is_valid_because_defaulting_fills_it()
    {
        var policy = Valid.NetworkPolicy();
        policy.Metadata.Namespace = null;
        CauseAssert.IsValid(policy);
    }
}
