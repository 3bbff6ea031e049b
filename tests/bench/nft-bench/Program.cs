using System.Diagnostics;
using System.Globalization;
using Homelab.Api.Meta;
using Homelab.Api.Resources;
using Homelab.Nftables.Access;
using Homelab.Nftables.Firewall;
using Homelab.Nftables.Model;
using Homelab.Nftables.Rendering;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

// Compile time, ruleset size, a full load, adding and removing one Service (with its policy) to the loaded table, the
// no-change reconcile and the resync check, for 10/100/1,000 Services with one policy per Service and with all-to-all
// policies. Loads into its own table (hlbench-nft) on interfaces that do not exist, then removes it. Uses only the public
// API, so tests/bench/nft-bench.sh runs this same program against an older commit to measure the old design in the same run.
const string Table = "hlbench-nft";
const int WarmUps = 5;
const int Runs = 20;
const int Changes = 10;
var services = new ServiceCollection().AddLogging(l => l.SetMinimumLevel(LogLevel.Warning)).AddNftFirewall();
using var provider = services.BuildServiceProvider();
var firewall = provider.GetRequiredService<IFirewall>();
var runLoads = !args.Contains("--compile-only");
var counts = args.Contains("--large-only") ? new[] { 1000 } : new[] { 10, 100, 1000 };

Console.WriteLine($"| services | shape | policies | compile ms: median of {Runs} (fastest; model alone) | bytes (per Service) | full load ms | add one Service ms: median of {Changes} (how) | remove it ms | no-change reconcile ms | resync check ms |");
Console.WriteLine("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|");
try
{
    foreach (var count in counts)
    {
        foreach (var shape in new[] { "one-each", "all-to-all" })
        {
            var objects = BenchObjects.Make(count, shape);
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
            string load = "-", add = "-", remove = "-", noChange = "-", resync = "-";
            if (runLoads)
            {
                // Loaded through the controller's compiler, so the loader holds the very ruleset the no-change runs get back.
                var compiler = new FirewallCompiler(Table);
                var loaded = compiler.Compile(input).Ruleset;
                await firewall.RemoveAsync(Table, CancellationToken.None);
                var started = Stopwatch.GetTimestamp();
                var how = await firewall.ApplyAsync(loaded, verifyLive: true, CancellationToken.None);
                var enforced = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                await firewall.ApplyAsync(loaded, verifyLive: false, CancellationToken.None);
                load = $"{enforced:F0} ({how}; settled {Stopwatch.GetElapsedTime(started).TotalMilliseconds:F0})";

                // One more Service and its policy, then without it again: what the controller does end to end on such a
                // change (inputs from the objects, compile, apply), alternately, after one warm-up of each.
                var grown = BenchObjects.Make(count + 1, shape);
                // Each change is timed from a loader at rest: a loader may still be reading back the tables of the change before
                // (the live fingerprint) when it returns, and the next change waits for that. Repeating the same ruleset,
                // which calls no nft, waits for it too; "settled" is the change plus that wait.
                var adds = new List<double>();
                var settled = new List<double>();
                var removes = new List<double>();
                FirewallLoadResult addedHow = default, removedHow = default;
                for (var i = 0; i <= Changes; i++)
                {
                    started = Stopwatch.GetTimestamp();
                    var next = compiler.Compile(grown.Input()).Ruleset;
                    addedHow = await firewall.ApplyAsync(next, verifyLive: false, CancellationToken.None);
                    var added = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    await firewall.ApplyAsync(next, verifyLive: false, CancellationToken.None);
                    var rest = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    started = Stopwatch.GetTimestamp();
                    next = compiler.Compile(objects.Input()).Ruleset;
                    removedHow = await firewall.ApplyAsync(next, verifyLive: false, CancellationToken.None);
                    var removed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    await firewall.ApplyAsync(next, verifyLive: false, CancellationToken.None);
                    if (i > 0)
                    {
                        adds.Add(added);
                        settled.Add(rest);
                        removes.Add(removed);
                    }
                }
                add = $"{Median(adds):F1} ({addedHow}; settled {Median(settled):F0})";
                remove = $"{Median(removes):F1} ({removedHow})";
                loaded = compiler.Compile(input).Ruleset;

                // What the controller does on a watched change the firewall does not read (a restart count): build the inputs
                // from the objects, find them the same as the last ones, and apply the kept ruleset, which calls no nft. Each
                // run reads its own copy of the objects, as each List from the store deserializes them anew, so nothing is
                // the same by reference; reading the store itself is not timed.
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
                $"| {count} | {shape} | {input.Policies.Count} | {Median(times):F2} ({times.Min():F2}; model {Median(modelTimes):F2}) | {ruleset.Text.Length} ({ruleset.Text.Length / count}) | {load} | {add} | {remove} | {noChange} | {resync} |"));
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
