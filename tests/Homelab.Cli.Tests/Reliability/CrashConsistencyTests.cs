using System.Diagnostics;
using System.Globalization;
using System.Net.Http;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Homelab.Api;
using Homelab.Api.Protocol;
using Homelab.Api.Resources;
using Homelab.Cli.Client;
using Homelab.Cli.Tests.EndToEnd;

namespace Homelab.Cli.Tests.Reliability;

/// <summary>
/// The shipped homelabd, killed with SIGKILL at random points while a writer sends batches (create, replace, delete;
/// objects large enough that LiteDB checkpoints often), then restarted and checked: the store opens, every acknowledged
/// write is there, no batch is half applied, resourceVersions only grow, and a watch from before the kill resumes in
/// order or answers 410 Gone. Half of the runs make LiteDB checkpoint after every commit, so kills land inside
/// checkpoints. Then torn write-ahead logs: the log's tail cut at random, and the store must come back at an
/// acknowledged state or refuse to start with a message that says so — never serve something in between.
/// Counts: HLTEST_CRASH_KILLS (default 16), HLTEST_TORN_TRIALS (default 8), bounded by HLTEST_CRASH_SECONDS (default 150).
/// </summary>
[Trait("Category", "EndToEnd")]
[Trait("Category", "Reliability")]
public sealed class CrashConsistencyTests : IAsyncLifetime
{
    private const string Ns = "default";
    private const int BatchSize = 3;

    // Past this many live batches a create turns into a delete: the store stays near 300 objects, so reading it back
    // after each kill costs the same in the last run as in the first (it grew to ~1,500 and slowed every cycle).
    private const int MaxLiveBatches = 100;

    private readonly string _dir = Directory.CreateTempSubdirectory("hltest-crash-").FullName;
    private readonly int _seed = ReliabilitySettings.Int("HLTEST_SEED", Random.Shared.Next(1, int.MaxValue));
    private readonly Random _random;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly TimeSpan _budget = TimeSpan.FromSeconds(ReliabilitySettings.Int("HLTEST_CRASH_SECONDS", 150));
    private int _nextBatch;

    public CrashConsistencyTests() => _random = new Random(_seed);

    private string DataDir => Path.Combine(_dir, "data");

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        Directory.Delete(_dir, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Kill_9_at_random_points_loses_no_acknowledged_write_and_never_shows_half_a_batch()
    {
        var kills = ReliabilitySettings.Int("HLTEST_CRASH_KILLS", 16);
        var model = new CrashModel();
        long revision = 0;
        int done = 0, landed = 0, lost = 0, resumed = 0, gone = 0, checkpointKills = 0;
        for (; done < kills && _clock.Elapsed < _budget; done++)
        {
            var checkpointEveryCommit = done % 2 == 1;
            await using var daemon = NewDaemon(checkpointEveryCommit);
            await daemon.StartAsync();
            using (var client = daemon.Client())
            {
                var (verdict, now) = await JudgeAsync(client, model, $"restart {done} (seed {_seed})");
                switch (verdict)
                {
                    case CrashModel.Verdict.InFlightLanded:
                        landed++;
                        break;
                    case CrashModel.Verdict.InFlightLost:
                        lost++;
                        break;
                }
                Assert.True(now >= revision, $"resourceVersion went back from {revision} to {now} after restart {done} (seed {_seed})");
                if (await WatchResumesAsync(client, revision, now))
                {
                    resumed++;
                }
                else
                {
                    gone++;
                }
                revision = now;
                using var stop = new CancellationTokenSource();
                var writer = WriteAsync(client, model, stop.Token);
                await Task.Delay(_random.Next(30, 400));
                await daemon.KillAsync();
                await stop.CancelAsync();
                revision = Math.Max(revision, await writer);
            }
            checkpointKills += checkpointEveryCommit ? 1 : 0;
        }

        await using (var last = NewDaemon(checkpointEveryCommit: false))
        {
            await last.StartAsync();
            using var client = last.Client();
            Assert.NotEqual(CrashModel.Verdict.Inconsistent, (await JudgeAsync(client, model, $"final restart (seed {_seed})")).Verdict);
        }
        Assert.True(model.Batches > 0, $"no batch was acknowledged in {done} runs: the kills proved nothing");
        ReliabilitySettings.Record("crash", ("kills", done), ("checkpointKills", checkpointKills), ("batchesAcknowledged", model.Batches),
            ("inFlightLanded", landed), ("inFlightLost", lost), ("watchesResumed", resumed), ("watchesGone", gone), ("seconds", _clock.Elapsed.TotalSeconds), ("seed", _seed));
    }

    [Fact]
    public async Task A_torn_log_tail_comes_back_at_an_acknowledged_state_or_refuses_to_start()
    {
        var trials = ReliabilitySettings.Int("HLTEST_TORN_TRIALS", 8);
        var model = new CrashModel();
        // A burst of writes, killed: LiteDB checkpoints on its own schedule, so the kill may find the log just emptied;
        // then another burst, until a log is left to tear.
        for (var burst = 0; burst < 10 && !HasLog(); burst++)
        {
            await using var daemon = NewDaemon(checkpointEveryCommit: false);
            await daemon.StartAsync();
            using var client = daemon.Client();
            using var stop = new CancellationTokenSource();
            var writer = WriteAsync(client, model, stop.Token);
            await Task.Delay(_random.Next(100, 800));
            await daemon.KillAsync();
            await stop.CancelAsync();
            await writer;
            if (!HasLog())
            {
                Assert.NotEqual(CrashModel.Verdict.Inconsistent, model.Judge(await ReadBackAsync()));
            }
        }
        var log = Directory.GetFiles(DataDir, "*-log.db").SingleOrDefault();
        Assert.True(log is not null && new FileInfo(log).Length > 0, $"the kill left no write-ahead log to tear ({model.Batches} batches acknowledged; files: {string.Join(", ", Directory.GetFiles(DataDir).Select(f => $"{Path.GetFileName(f)} {new FileInfo(f).Length}"))})");

        int recovered = 0, refused = 0;
        for (var trial = 0; trial < trials && _clock.Elapsed < _budget; trial++)
        {
            var copy = Path.Combine(_dir, $"torn-{trial}");
            CopyDirectory(DataDir, copy);
            var torn = Path.Combine(copy, Path.GetFileName(log));
            var length = new FileInfo(torn).Length;
            var cut = _random.NextInt64(1, Math.Min(length, 64 * 1024) + 1);
            await using (var file = new FileStream(torn, FileMode.Open))
            {
                file.SetLength(length - cut);
            }
            await using var daemon = new Daemon(copy);
            try
            {
                await daemon.StartAsync();
            }
            catch (InvalidOperationException e) when (!daemon.IsRunning)
            {
                Assert.Contains("store", e.Message, StringComparison.OrdinalIgnoreCase);
                refused++;
                continue;
            }
            using var client = daemon.Client();
            var (stored, _) = await StoredAsync(client);
            Assert.True(model.History.Any(state => CrashModel.Same(stored, state)) || (model.InFlight is { } inFlight && CrashModel.Same(stored, inFlight)),
                $"log cut by {cut} of {length} bytes (trial {trial}, seed {_seed}): the store serves a state no batch left: {CrashModel.Describe(stored)}");
            recovered++;
        }
        ReliabilitySettings.Record("torn-log", ("trials", recovered + refused), ("recovered", recovered), ("refused", refused), ("acknowledgedBatches", model.Batches), ("seed", _seed));
    }

    private bool HasLog() => Directory.Exists(DataDir) && Directory.GetFiles(DataDir, "*-log.db").Any(f => new FileInfo(f).Length > 0);

    /// <summary>What a restart shows, so the model knows whether the batch in flight landed before the next burst.</summary>
    private async Task<IReadOnlyDictionary<string, string>> ReadBackAsync()
    {
        await using var daemon = NewDaemon(checkpointEveryCommit: false);
        await daemon.StartAsync();
        using var client = daemon.Client();
        return (await StoredAsync(client)).Stored;
    }

    private Daemon NewDaemon(bool checkpointEveryCommit)
    {
        var daemon = new Daemon(DataDir);
        if (checkpointEveryCommit)
        {
            daemon.Environment["Store__CheckpointPages"] = "1";
        }
        return daemon;
    }

    /// <summary>The verdict on what the store holds, and the revision of that list.</summary>
    private async Task<(CrashModel.Verdict Verdict, long Revision)> JudgeAsync(HomelabClient client, CrashModel model, string when)
    {
        var inFlight = model.InFlight;
        var (stored, revision) = await StoredAsync(client);
        var verdict = model.Judge(stored);
        Assert.True(verdict != CrashModel.Verdict.Inconsistent,
            $"{when}: the store holds {CrashModel.Describe(stored)}\nacknowledged: {CrashModel.Describe(model.Acknowledged)}\nin flight: {(inFlight is null ? "none" : CrashModel.Describe(inFlight))}");
        return (verdict, revision);
    }

    private static async Task<(IReadOnlyDictionary<string, string> Stored, long Revision)> StoredAsync(HomelabClient client)
    {
        var list = await client.ListAsync(ResourceKinds.Service, Ns, null, CancellationToken.None);
        return (list.Items.ToDictionary(o => o["metadata"]!["name"]!.GetValue<string>(), o => o["spec"]!["image"]!.GetValue<string>(), StringComparer.Ordinal),
            long.Parse(list.ResourceVersion, CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// A watch from before the kill: events in strictly increasing order after it, up to the revision the store is at
    /// now (nothing writes meanwhile, so the replay ends there), or 410 Gone. False for Gone.
    /// </summary>
    private static async Task<bool> WatchResumesAsync(HomelabClient client, long from, long now)
    {
        // From 0 there is nothing to replay (a watch from "0" starts at the present).
        using var window = new CancellationTokenSource(from > 0 && from < now ? TimeSpan.FromSeconds(10) : TimeSpan.FromMilliseconds(100));
        var last = from;
        try
        {
            await foreach (var change in client.WatchAsync(ResourceKinds.Service, Ns, from.ToString(CultureInfo.InvariantCulture), null, window.Token))
            {
                var version = long.Parse(change.Object["metadata"]!["resourceVersion"]!.GetValue<string>(), CultureInfo.InvariantCulture);
                Assert.True(version > last, $"watch from {from}: resourceVersion {version} after {last}");
                last = version;
                if (last >= now)
                {
                    return true;
                }
            }
        }
        catch (OperationCanceledException) when (window.IsCancellationRequested)
        {
        }
        catch (ApiException e) when (e.Code == 410)
        {
            return false;
        }
        return true;
    }

    /// <summary>Batches until cancelled or the daemon dies; the last acknowledged revision.</summary>
    private async Task<long> WriteAsync(HomelabClient client, CrashModel model, CancellationToken stop)
    {
        long revision = 0;
        while (!stop.IsCancellationRequested)
        {
            var (operations, after) = NextBatch(model.Acknowledged);
            model.Begin(after);
            BatchResponse response;
            try
            {
                response = await client.BatchAsync(new BatchRequest { Operations = operations }, dryRun: false, stop);
            }
            catch (Exception e) when (e is DaemonUnreachableException or HttpRequestException or IOException or SocketException or OperationCanceledException)
            {
                return revision;
            }
            model.Acknowledge();
            revision = long.Parse(response.ResourceVersion, CultureInfo.InvariantCulture);
        }
        return revision;
    }

    /// <summary>Create a batch of new Services, or replace or delete all of an earlier batch; payloads of 8–48 KB.</summary>
    private (List<BatchOperation> Operations, Dictionary<string, string> After) NextBatch(IReadOnlyDictionary<string, string> state)
    {
        var after = new Dictionary<string, string>(state, StringComparer.Ordinal);
        var batches = state.Keys.Select(k => k[..k.IndexOf('-', StringComparison.Ordinal)]).Distinct().ToList();
        var roll = _random.Next(10);
        var batch = _nextBatch++;
        if (batches.Count == 0 || (roll < 5 && batches.Count < MaxLiveBatches))
        {
            var names = Enumerable.Range(0, BatchSize).Select(j => $"b{batch}-{j}").ToList();
            names.ForEach(n => after[n] = Image(batch));
            return ([.. names.Select(n => new BatchOperation { Op = BatchOps.Create, Object = Service(n, Image(batch)) })], after);
        }
        var target = batches[_random.Next(batches.Count)];
        var members = state.Keys.Where(k => k.StartsWith(target + "-", StringComparison.Ordinal)).ToList();
        if (roll is >= 5 and < 8)
        {
            members.ForEach(n => after[n] = Image(batch));
            return ([.. members.Select(n => new BatchOperation { Op = BatchOps.Replace, Object = Service(n, Image(batch)) })], after);
        }
        members.ForEach(n => after.Remove(n));
        return ([.. members.Select(n => new BatchOperation { Op = BatchOps.Delete, Kind = ResourceKinds.Service.Kind, Namespace = Ns, Name = n })], after);
    }

    private static string Image(int batch) => $"127.0.0.1:5000/crash/app:{batch}";

    private JsonObject Service(string name, string image) => new()
    {
        ["apiVersion"] = ApiGroup.ApiVersion,
        ["kind"] = ResourceKinds.Service.Kind,
        ["metadata"] = new JsonObject
        {
            ["name"] = name,
            ["namespace"] = Ns,
            // Bulk, so a few batches fill LiteDB's log and checkpoints come often.
            ["annotations"] = new JsonObject { ["homelab.dev/payload"] = new string('x', _random.Next(8, 48) * 1024) },
        },
        ["spec"] = new JsonObject { ["image"] = image },
    };

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            if (!file.EndsWith(".sock", StringComparison.Ordinal))
            {
                File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
            }
        }
    }
}
