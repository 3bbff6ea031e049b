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
var variants = new List<Variant>();
await using var pair = new PacketPair(id);
var table = pair.Prefix;
try
{
    await pair.StartAsync(ct);
    var alone = Rulesets.Compile(table, pair, shape: null);
    foreach (var shape in new[] { "one-each", "all-to-all" })
    {
        var loaded = Rulesets.Compile(table, pair, shape);
        var variant = new Variant(shape, alone, loaded, [], []);
        for (var round = 0; round < rounds; round++)
        {
            foreach (var withOthers in new[] { false, true })
            {
                await LoadAndVerifyAsync(withOthers ? loaded : alone, withOthers);
                var (rate, best) = await Traffic.ConnectionRateAsync(pair, ct);
                var gbits = await Traffic.ThroughputAsync(pair, ct);
                (withOthers ? variant.Others : variant.Pair).Add(new Sample(rate, best, gbits));
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{shape} round {round + 1} {(withOthers ? "loaded" : "pair")}: {rate:F0} connections/s (busiest ½ s {best:F0}), {gbits:F2} Gbit/s"));
            }
        }
        variants.Add(variant);
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

if (variants.Count > 0)
{
    Console.WriteLine(Variant.ConnectionHeader);
    variants.ForEach(v => Console.WriteLine(v.ConnectionRow()));
    Console.WriteLine();
    Console.WriteLine(Variant.ThroughputHeader);
    variants.ForEach(v => Console.WriteLine(v.ThroughputRow()));
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

static async Task<string> UptimeAsync() => (await Run.CheckedAsync(CancellationToken.None, "uptime")).Trim();
