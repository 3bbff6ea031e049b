using Homelab.Api.Meta;
using Homelab.Api.Resources;
using Homelab.Api.Serialization;
using Homelab.Nftables.Model;

/// <summary>
/// The objects the controller reads from the store, for the nft benchmarks (nft-bench, nft-packet-bench): Services spread
/// over namespaces of ten on bridges that do not exist, with address and MAC in status. one-each: every Service has a
/// policy admitting the previous one on its named port. all-to-all: every namespace has a policy admitting every Service
/// of every namespace.
/// </summary>
internal sealed record BenchObjects(List<Namespace> Namespaces, List<Service> Services, List<NetworkPolicy> Policies)
{
    public static BenchObjects Make(int count, string shape)
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
        return new BenchObjects(namespaces, services, policies);
    }

    public FirewallInput Input() => FirewallInputs.FromResources(Namespaces, Services, Policies);

    /// <summary>Fresh objects with the same content, as another read of the store returns.</summary>
    public BenchObjects Copy() => new(Namespaces.Select(Copy).ToList(), Services.Select(Copy).ToList(), Policies.Select(Copy).ToList());

    private static T Copy<T>(T resource) where T : Resource => HomelabJson.ToResource<T>(HomelabJson.ToNode(resource));

    private static NetworkPolicy Policy(string ns, string name, NetworkPolicySpec spec) => new() { Metadata = { Name = name, Namespace = ns }, Spec = spec };
}
