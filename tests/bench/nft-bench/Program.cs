using System.Diagnostics;
using System.Globalization;
using Homelab.Api.Meta;
using Homelab.Api.Resources;
using Homelab.Api.Serialization;
using Homelab.Nftables.Access;
using Homelab.Nftables.Firewall;
using Homelab.Nftables.Model;
using Homelab.Nftables.Rendering;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

// Compile time, ruleset size, nft check/load time, the no-change reconcile and the resync check for 10/100/1,000 Services,
// with one policy per Service and with all-to-all policies. Loads into its own table (hlbench-nft) on interfaces that do
// not exist, then removes it.
const string Table = "hlbench-nft";
const int WarmUps = 5;
const int Runs = 20;
var services = new ServiceCollection().AddLogging(l => l.SetMinimumLevel(LogLevel.Warning)).AddNftFirewall();
using var provider = services.BuildServiceProvider();
var firewall = provider.GetRequiredService<IFirewall>();
var runLoads = !args.Contains("--compile-only");

Console.WriteLine($"| services | shape | policies | compile ms: median of {Runs} (fastest; model alone) | bytes | lines | nft -f load ms | no-change reconcile ms (median of {Runs}) | resync check ms (reads the live tables) |");
Console.WriteLine("|---:|---|---:|---:|---:|---:|---:|---:|---:|");
try
{
    foreach (var count in new[] { 10, 100, 1000 })
    {
        foreach (var shape in new[] { "one-each", "all-to-all" })
        {
            var objects = Objects(count, shape);
            var input = objects.Input();
            for (var i = 0; i < WarmUps; i++)
            {
                NftRenderer.Render(AccessModel.Build(input), Table); // JIT, so the runs below time the code, not the compiler
            }
            var times = new List<double>();
            var modelTimes = new List<double>();
            NftRuleset ruleset = null!;
            for (var i = 0; i < Runs; i++)
            {
                var started = Stopwatch.GetTimestamp();
                var model = AccessModel.Build(input);
                modelTimes.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                ruleset = NftRenderer.Render(model, Table);
                times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
            var load = "-";
            var noChange = "-";
            var resync = "-";
            if (runLoads)
            {
                // Loaded through the controller's compiler, so the loader holds the very ruleset the no-change runs get back.
                var compiler = new FirewallCompiler(Table);
                var loaded = compiler.Compile(input).Ruleset;
                await firewall.RemoveAsync(Table, CancellationToken.None);
                var started = Stopwatch.GetTimestamp();
                await firewall.ApplyAsync(loaded, verifyLive: true, CancellationToken.None);
                load = Stopwatch.GetElapsedTime(started).TotalMilliseconds.ToString("F0", CultureInfo.InvariantCulture);
                // What the controller does on a watched change the firewall does not read (a restart count): build the inputs
                // from the objects, find them the same as the last ones, and apply the kept ruleset, which calls no nft. Each
                // run reads its own copy of the objects, as each List from the store deserializes them anew, so nothing is
                // the same by reference; reading the store itself is not timed.
                // Warmed up like the compile, so the median times the comparison rather than the JIT.
                var reads = Enumerable.Range(0, WarmUps + Runs).Select(_ => objects.Copy()).ToList();
                var noChangeTimes = new List<double>();
                FirewallLoadResult result = default;
                foreach (var read in reads)
                {
                    started = Stopwatch.GetTimestamp();
                    var compiled = compiler.Compile(read.Input());
                    result = await firewall.ApplyAsync(compiled.Ruleset, verifyLive: false, CancellationToken.None);
                    noChangeTimes.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    if (!ReferenceEquals(compiled.Ruleset, loaded))
                    {
                        throw new InvalidOperationException("the no-change reconcile compiled again");
                    }
                }
                noChange = $"{Median(noChangeTimes[WarmUps..]):F2} ({result})";
                // What a resync adds: reading the live tables back to catch a flush or a hand edit.
                started = Stopwatch.GetTimestamp();
                result = await firewall.ApplyAsync(loaded, verifyLive: true, CancellationToken.None);
                resync = $"{Stopwatch.GetElapsedTime(started).TotalMilliseconds:F0} ({result})";
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {count} | {shape} | {input.Policies.Count} | {Median(times):F2} ({times.Min():F2}; model {Median(modelTimes):F2}) | {ruleset.Text.Length} | {ruleset.Text.Count(c => c == '\n')} | {load} | {noChange} | {resync} |"));
        }
    }
}
finally
{
    if (runLoads)
    {
        await firewall.RemoveAsync(Table, CancellationToken.None);
    }
}

static double Median(List<double> times) => times.Order().ElementAt(times.Count / 2);

// The objects the controller reads from the store: Services spread over namespaces of ten, with their bridge, address and
// MAC in status. one-each: every Service has a policy admitting the previous one on its named port. all-to-all: every
// namespace has a policy admitting every Service of every namespace.
static BenchObjects Objects(int count, string shape)
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

static NetworkPolicy Policy(string ns, string name, NetworkPolicySpec spec) => new() { Metadata = { Name = name, Namespace = ns }, Spec = spec };

internal sealed record BenchObjects(List<Namespace> Namespaces, List<Service> Services, List<NetworkPolicy> Policies)
{
    public FirewallInput Input() => FirewallInputs.FromResources(Namespaces, Services, Policies);

    /// <summary>Fresh objects with the same content, as another read of the store returns.</summary>
    public BenchObjects Copy() => new(Namespaces.Select(Copy).ToList(), Services.Select(Copy).ToList(), Policies.Select(Copy).ToList());

    private static T Copy<T>(T resource) where T : Resource => HomelabJson.ToResource<T>(HomelabJson.ToNode(resource));
}
