using Homelab.Api.Meta;
using Homelab.Api.Resources;
using Homelab.Nftables.Model;
using Homelab.Nftables.Rendering;

namespace NftPacketBench;

/// <summary>The firewalls the bench loads: the pair alone, and the pair among 1,000 synthetic Services in each nft-bench shape.</summary>
internal static class Rulesets
{
    public const int OtherServices = 1000;

    /// <summary>The first synthetic Service's bridge: in the live table exactly when the others were loaded.</summary>
    public static readonly string OtherInterface = $"hb{0:x10}";

    public static NftRuleset Compile(string table, PacketPair pair, string? shape)
    {
        var pairInput = PairInput(pair);
        if (shape is null)
        {
            return new FirewallCompiler(table).Compile(pairInput).Ruleset;
        }
        var others = BenchObjects.Make(OtherServices, shape).Input();
        var input = new FirewallInput(
            [.. pairInput.Services, .. others.Services],
            [.. pairInput.Namespaces, .. others.Namespaces],
            [.. pairInput.Policies, .. others.Policies]);
        return new FirewallCompiler(table).Compile(input).Ruleset;
    }

    /// <summary>
    /// The server isolated for ingress and the client for egress, each allowing only the other on the iperf3 and connection
    /// ports: every new connection the bench makes is accepted by a policy lookup on both sides, and the forbidden port is not.
    /// </summary>
    private static FirewallInput PairInput(PacketPair pair)
    {
        List<NetworkPolicyPort> ports = [new() { Protocol = "TCP", Port = PacketPair.IperfPort }, new() { Protocol = "TCP", Port = PacketPair.ConnectPort }];
        var server = new NetworkPolicySpec
        {
            ServiceSelector = App("server"),
            PolicyTypes = [PolicyTypes.Ingress],
            Ingress = [new NetworkPolicyIngressRule { From = [new NetworkPolicyPeer { ServiceSelector = App("client") }], Ports = ports }],
        };
        var client = new NetworkPolicySpec
        {
            ServiceSelector = App("client"),
            PolicyTypes = [PolicyTypes.Egress],
            Egress = [new NetworkPolicyEgressRule { To = [new NetworkPolicyPeer { ServiceSelector = App("server") }], Ports = ports }],
        };
        return new FirewallInput(
            [pair.Server, pair.Client],
            [new NamespaceInfo(PacketPair.Namespace, new Dictionary<string, string> { [NamespaceInfo.NameLabel] = PacketPair.Namespace })],
            [new PolicyInput(PacketPair.Namespace, "server-ingress", server), new PolicyInput(PacketPair.Namespace, "client-egress", client)]);
    }

    private static LabelSelector App(string name) => new() { MatchLabels = new() { ["app"] = name } };

}
