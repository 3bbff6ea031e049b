using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Homelab.Nftables.Firewall;
using Homelab.Nftables.Rendering;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NftPacketBench;

// Per-packet cost of Homelab's firewall: new TCP connections per second and iperf3 throughput between two real Services
// whose policies allow each other, with the table holding only them ("pair") and with 1,000 other Services and their
// policies ("loaded", in nft-bench's two shapes). Rounds alternate pair and loaded; each load is checked to be in force
// (the table lists the pair, a forbidden port is refused) before anything is measured. See tests/bench/nft-packet-bench.md.
// Usage: [ROUNDS=5] [--linear N] (N rules every packet walks, added to "loaded": the bench's check of itself).
const int DefaultRounds = 5;
var linearAt = Array.IndexOf(args, "--linear");
var linear = linearAt >= 0 ? int.Parse(args[linearAt + 1], CultureInfo.InvariantCulture) : 0;
var rounds = args.Length > 0 && linearAt != 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : DefaultRounds;
var id = Convert.ToHexString(RandomNumberGenerator.GetBytes(3)).ToLowerInvariant();
// The run is bounded (a round of both variants takes about 35 s here, so five rounds end within four minutes), and
// Ctrl-C or a TERM stops it through the same token, so the clean-up below always runs.
using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(1) + rounds * TimeSpan.FromSeconds(36));
using var onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
var ct = stop.Token;

var services = new ServiceCollection().AddLogging(l => l.SetMinimumLevel(LogLevel.Warning)).AddNftFirewall();
using var provider = services.BuildServiceProvider();
var firewall = provider.GetRequiredService<IFirewall>();
var loadBefore = await UptimeAsync();
var rows = new List<string>();
await using var pair = new PacketPair(id);
var table = pair.Prefix;
try
{
    await pair.StartAsync(ct);
    var alone = Rulesets.Compile(table, pair, shape: null);
    foreach (var shape in new[] { "one-each", "all-to-all" })
    {
        var loaded = Rulesets.Compile(table, pair, shape);
        Dictionary<bool, List<(double Rate, double Gbits)>> samples = new() { [false] = [], [true] = [] };
        for (var round = 0; round < rounds; round++)
        {
            foreach (var withOthers in new[] { false, true })
            {
                await LoadAndVerifyAsync(withOthers ? loaded : alone, withOthers);
                var rate = await Traffic.ConnectionRateAsync(pair, ct);
                var gbits = await Traffic.ThroughputAsync(pair, ct);
                samples[withOthers].Add((rate, gbits));
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{shape} round {round + 1} {(withOthers ? "loaded" : "pair")}: {rate:F0} connections/s, {gbits:F2} Gbit/s"));
            }
        }
        rows.Add(Row(shape, alone, loaded, samples[false], samples[true]));
    }
}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
    Console.Error.WriteLine("stopped (Ctrl-C, TERM or the time bound); cleaning up");
    Environment.ExitCode = 130;
}
finally
{
    await firewall.RemoveAsync(table, CancellationToken.None);
    await LinearChain.SetAsync(table, 0, CancellationToken.None);
}

if (rows.Count > 0)
{
    Console.WriteLine("| other Services (shape) | ruleset bytes: pair / loaded | connections/s: pair, median (min–max) | loaded "
        + "| ratio loaded/pair (of the medians) | each round's ratio: median (min–max) | iperf3 Gbit/s: pair | loaded | ratio |");
    Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    rows.ForEach(Console.WriteLine);
    Console.WriteLine();
    if (linear > 0)
    {
        Console.WriteLine($"CALIBRATION, not a figure of Homelab's: \"loaded\" also held {linear} rules every packet walks (--linear).");
    }
    Console.WriteLine($"{rounds} rounds of each, alternating; load average before: {loadBefore}; after: {await UptimeAsync()}");
}
return;

void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    stop.Cancel();
}

// Loads a ruleset through the controller's path and checks it is the one in force before anything is measured: the live
// table lists the pair's bridges (and the others' exactly when they are meant to be there), and the port no policy allows
// is refused, though the server listens on it.
async Task LoadAndVerifyAsync(NftRuleset ruleset, bool withOthers)
{
    await firewall.ApplyAsync(ruleset, verifyLive: true, ct);
    if (linear > 0)
    {
        await LinearChain.SetAsync(table, withOthers ? linear : 0, ct);
    }
    var listing = await Run.CheckedAsync(ct, "nft", "list", "table", "inet", table);
    if (!listing.Contains(pair.Server.Interface!, StringComparison.Ordinal) || !listing.Contains(pair.Client.Interface!, StringComparison.Ordinal)
        || listing.Contains(Rulesets.OtherInterface, StringComparison.Ordinal) != withOthers)
    {
        throw new InvalidOperationException($"the live table {table} is not the one just loaded");
    }
    if (await Traffic.ConnectsAsync(pair, PacketPair.ForbiddenPort, ct))
    {
        throw new InvalidOperationException($"port {PacketPair.ForbiddenPort} is open: the policies are not in force");
    }
}

// Both ratios for the connection rate: of the medians, and the median of each round's loaded/pair (the two ran seconds
// apart, so a change in the machine's load between rounds cancels; their spread shows how far one round can be trusted).
static string Row(string shape, NftRuleset alone, NftRuleset loaded, List<(double Rate, double Gbits)> pair, List<(double Rate, double Gbits)> others)
{
    var rateRatio = Median(others.Select(s => s.Rate)) / Median(pair.Select(s => s.Rate));
    var gbitsRatio = Median(others.Select(s => s.Gbits)) / Median(pair.Select(s => s.Gbits));
    var perRound = pair.Zip(others, (p, o) => o.Rate / p.Rate).ToList();
    return string.Create(CultureInfo.InvariantCulture,
        $"| {Rulesets.OtherServices} ({shape}) | {alone.Text.Length} / {loaded.Text.Length} | {Spread(pair.Select(s => s.Rate), "F0")} | {Spread(others.Select(s => s.Rate), "F0")} "
        + $"| **{rateRatio:F3}** | {Spread(perRound, "F3")} | {Spread(pair.Select(s => s.Gbits), "F2")} | {Spread(others.Select(s => s.Gbits), "F2")} | {gbitsRatio:F3} |");
}

static string Spread(IEnumerable<double> values, string format)
{
    var list = values.ToList();
    string F(double value) => value.ToString(format, CultureInfo.InvariantCulture);
    return $"{F(Median(list))} ({F(list.Min())}–{F(list.Max())})";
}

static double Median(IEnumerable<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}

static async Task<string> UptimeAsync() => (await Run.CheckedAsync(CancellationToken.None, "uptime")).Trim();
