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
        var others = Others(OtherServices, shape);
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

    /// <summary>
    /// nft-bench's Services and policies, the same shape (tests/bench/nft-bench/Program.cs, Objects): Services in namespaces
    /// of ten on bridges that do not exist. one-each: every Service has a policy admitting the previous one on its named
    /// port. all-to-all: every namespace has a policy admitting every Service of every namespace.
    /// </summary>
    private static FirewallInput Others(int count, string shape)
    {
        var services = Enumerable.Range(0, count).Select(i => new Service
        {
            Metadata = { Name = $"svc{i}", Namespace = $"ns{i / 10}", Labels = new() { ["app"] = $"svc{i}" } },
            Spec = { Image = "registry.local/app:1", Ports = [new ServicePort { Name = "http", ContainerPort = 8080 }] },
            Status = new ServiceStatus
            {
                Interface = $"hb{i:x10}",
                Ip = $"10.{100 + i / 256}.{i % 256}.2",
                Mac = $"02:42:0a:{i / 256:x2}:{i % 256:x2}:02",
                RestartCount = 0,
            },
        }).ToList();
        var namespaces = services.Select(s => s.Namespace).Distinct().Select(n => new Namespace { Metadata = { Name = n } }).ToList();
        var policies = shape == "one-each"
            ? services.Select((s, i) => Policy(s.Namespace, $"p-{s.Name}", new NetworkPolicySpec
            {
                ServiceSelector = new LabelSelector { MatchLabels = new() { ["app"] = s.Name } },
                Ingress =
                [
                    new NetworkPolicyIngressRule
                    {
                        From = [new NetworkPolicyPeer { NamespaceSelector = new LabelSelector(), ServiceSelector = new LabelSelector { MatchLabels = new() { ["app"] = $"svc{(i + count - 1) % count}" } } }],
                        Ports = [new NetworkPolicyPort { Protocol = "TCP", Port = "http" }],
                    },
                ],
            })).ToList()
            : namespaces.Select(n => Policy(n.Name, "all", new NetworkPolicySpec
            {
                ServiceSelector = new LabelSelector(),
                Ingress = [new NetworkPolicyIngressRule { From = [new NetworkPolicyPeer { NamespaceSelector = new LabelSelector() }] }],
            })).ToList();
        return FirewallInputs.FromResources(namespaces, services, policies);
    }

    private static NetworkPolicy Policy(string ns, string name, NetworkPolicySpec spec) => new() { Metadata = { Name = name, Namespace = ns }, Spec = spec };
}
