using System.Diagnostics;
using System.Globalization;
using System.Net;
using Homelab.Api.Meta;
using Homelab.Api.Resources;
using Homelab.Nftables.Access;
using Homelab.Nftables.Firewall;
using Homelab.Nftables.Model;
using Homelab.Nftables.Rendering;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

// Compile time, ruleset size, nft check/load time and the no-change apply for 10/100/1,000 Services, with one policy per
// Service and with all-to-all policies. Loads into its own table (hlbench-nft) on interfaces that do not exist, then removes it.
const string Table = "hlbench-nft";
var services = new ServiceCollection().AddLogging(l => l.SetMinimumLevel(LogLevel.Warning)).AddNftFirewall();
using var provider = services.BuildServiceProvider();
var firewall = provider.GetRequiredService<IFirewall>();
var runLoads = !args.Contains("--compile-only");

Console.WriteLine("| services | shape | policies | compile ms (median of 20) | bytes | lines | nft -f load ms | no-change reconcile ms (compile + compare, median of 20) | resync check ms (reads the live tables) |");
Console.WriteLine("|---:|---|---:|---:|---:|---:|---:|---:|---:|");
try
{
    foreach (var count in new[] { 10, 100, 1000 })
    {
        foreach (var shape in new[] { "one-each", "all-to-all" })
        {
            var input = Build(count, shape);
            AccessModel.Build(input); // warm-up: JIT, caches
            var times = new List<double>();
            var modelTimes = new List<double>();
            NftRuleset ruleset = null!;
            for (var i = 0; i < 20; i++)
            {
                var started = Stopwatch.GetTimestamp();
                var model = AccessModel.Build(input);
                modelTimes.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                ruleset = NftRenderer.Render(model, Table);
                times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
            times.Sort();
            modelTimes.Sort();
            var load = "-";
            var noChange = "-";
            var resync = "-";
            if (runLoads)
            {
                await firewall.RemoveAsync(Table, CancellationToken.None);
                var started = Stopwatch.GetTimestamp();
                await firewall.ApplyAsync(ruleset, verifyLive: true, CancellationToken.None);
                load = Stopwatch.GetElapsedTime(started).TotalMilliseconds.ToString("F0", CultureInfo.InvariantCulture);
                // What the controller does on a watched change that compiles to the same table: compile, compare, no nft.
                var noChangeTimes = new List<double>();
                FirewallLoadResult result = default;
                for (var i = 0; i < 20; i++)
                {
                    started = Stopwatch.GetTimestamp();
                    result = await firewall.ApplyAsync(NftRenderer.Render(AccessModel.Build(input), Table), verifyLive: false, CancellationToken.None);
                    noChangeTimes.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
                noChangeTimes.Sort();
                noChange = $"{noChangeTimes[noChangeTimes.Count / 2]:F2} ({result})";
                // What a resync adds: reading the live tables back to catch a flush or a hand edit.
                started = Stopwatch.GetTimestamp();
                result = await firewall.ApplyAsync(ruleset, verifyLive: true, CancellationToken.None);
                resync = $"{Stopwatch.GetElapsedTime(started).TotalMilliseconds:F0} ({result})";
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {count} | {shape} | {input.Policies.Count} | {times[times.Count / 2]:F2} (model {modelTimes[modelTimes.Count / 2]:F2}) | {ruleset.Text.Length} | {ruleset.Text.Count(c => c == '\n')} | {load} | {noChange} | {resync} |"));
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

// Services spread over namespaces of ten. one-each: every Service has a policy admitting the previous one on its named
// port. all-to-all: every namespace has a policy admitting every Service of every namespace.
static FirewallInput Build(int count, string shape)
{
    var services = Enumerable.Range(0, count).Select(i => new ServiceEndpoint
    {
        Namespace = $"ns{i / 10}",
        Name = $"svc{i}",
        Labels = new Dictionary<string, string> { ["app"] = $"svc{i}" },
        Interface = $"hb{i:x10}",
        Address = IPAddress.Parse($"10.{100 + i / 256}.{i % 256}.2"),
        Mac = $"02:42:0a:{i / 256:x2}:{i % 256:x2}:02",
        Ports = [new NamedPort("http", 8080, PortProtocols.Tcp)],
    }).ToList();
    var namespaces = services.Select(s => s.Namespace).Distinct().Select(n => new NamespaceInfo(n, new Dictionary<string, string>())).ToList();
    var policies = shape == "one-each"
        ? services.Select((s, i) => new PolicyInput(s.Namespace, $"p-{s.Name}", new NetworkPolicySpec
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
        : namespaces.Select(n => new PolicyInput(n.Name, "all", new NetworkPolicySpec
        {
            ServiceSelector = new LabelSelector(),
            Ingress = [new NetworkPolicyIngressRule { From = [new NetworkPolicyPeer { NamespaceSelector = new LabelSelector() }] }],
        })).ToList();
    return new FirewallInput(services, namespaces, policies);
}
