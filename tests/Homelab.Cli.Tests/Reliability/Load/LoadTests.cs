using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http;
using System.Text.Json.Nodes;
using Homelab.Api.Protocol;
using Homelab.Api.Resources;
using Homelab.Cli.Client;
using Homelab.Cli.Tests.EndToEnd;

namespace Homelab.Cli.Tests.Reliability.Load;

/// <summary>
/// The shipped homelabd holding 1,000 Services under load for a bounded time: raw-HTTP clients getting, listing,
/// replacing (with resourceVersion, so conflicts are expected and counted apart), creating and deleting, beside hlctl
/// processes applying and getting. Meanwhile 100 watches must receive every event in the same order, and one watcher
/// that reads nothing must be cut off with 410 and a reason once it is Store__WatchBufferSize events behind, without
/// stalling the others. No request may fail with 5xx or a broken connection; RSS is sampled throughout.
/// Sizes: HLTEST_LOAD_OBJECTS (1,000), HLTEST_LOAD_SECONDS (20), HLTEST_LOAD_CLIENTS (raw, 8), HLTEST_LOAD_HLCTL (2).
/// </summary>
[Trait("Category", "EndToEnd")]
[Trait("Category", "Reliability")]
public sealed class LoadTests : IAsyncLifetime
{
    private const string Ns = "load";
    private const int Watchers = 100;
    private const int WatchBuffer = 2_000;
    private const string Image = "127.0.0.1:5000/homelab/caddy:2.8";
    private static readonly TimeSpan CatchUp = TimeSpan.FromSeconds(120);

    private readonly string _dir = Directory.CreateTempSubdirectory("hltest-load-").FullName;
    private readonly int _objects = ReliabilitySettings.Int("HLTEST_LOAD_OBJECTS", 1_000);
    private readonly TimeSpan _duration = TimeSpan.FromSeconds(ReliabilitySettings.Int("HLTEST_LOAD_SECONDS", 20));
    private readonly int _rawClients = ReliabilitySettings.Int("HLTEST_LOAD_CLIENTS", 8);
    private readonly int _hlctlClients = ReliabilitySettings.Int("HLTEST_LOAD_HLCTL", 2);
    private readonly LatencyLog _latency = new();
    private readonly ConcurrentQueue<string> _errors = new();
    private readonly ConcurrentBag<long> _acknowledged = [];
    private int _conflicts;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        Directory.Delete(_dir, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Many_clients_get_answers_every_watch_sees_every_event_in_order_and_a_slow_watcher_is_cut_off()
    {
        await using var daemon = new Daemon(Path.Combine(_dir, "data"));
        daemon.Environment["Store__WatchBufferSize"] = WatchBuffer.ToString(CultureInfo.InvariantCulture);
        Directory.CreateDirectory(daemon.DataDir);
        await daemon.StartAsync();
        using var api = new RawApi(daemon.Socket);
        await SeedAsync(api);
        var from = await RevisionAsync(api);

        using var stopWatching = new CancellationTokenSource(CatchUp + _duration + CatchUp);
        var watchers = Enumerable.Range(0, Watchers).Select(_ => new EventRecorder(daemon.Socket, from, stopWatching.Token)).ToList();
        using var slow = new HomelabClient(daemon.Socket);
        await using var slowWatch = slow.WatchAsync(ResourceKinds.Service, Ns, from.ToString(CultureInfo.InvariantCulture), null, stopWatching.Token).GetAsyncEnumerator(stopWatching.Token);
        // Sends the request and then reads nothing until the load is over.
        var slowFirst = slowWatch.MoveNextAsync().AsTask();
        await AllSeeAsync(watchers, await CreateAsync(api, "start"));

        using var memory = new RssSampler(daemon.Pid);
        var load = new CancellationTokenSource(_duration);
        await Task.WhenAll(
            Enumerable.Range(0, _rawClients).Select(c => RawClientAsync(api, c, load.Token))
                .Concat(Enumerable.Range(0, _hlctlClients).Select(c => HlctlClientAsync(daemon.Socket, c, load.Token))));
        var end = await CreateAsync(api, "end");
        await AllSeeAsync(watchers, end);
        var rss = memory.Stop();

        Assert.True(_errors.IsEmpty, $"{_errors.Count} requests failed, e.g.: {string.Join("\n", _errors.Take(5))}");
        var reference = watchers[0].Revisions;
        foreach (var watcher in watchers)
        {
            Assert.Null(watcher.Failure);
            Assert.True(watcher.Revisions.SequenceEqual(reference), "two watches saw different event sequences");
        }
        Assert.True(reference.Zip(reference.Skip(1)).All(p => p.First < p.Second), "a watch saw resourceVersions out of order");
        // A replace that changes nothing answers the object as it was (Kubernetes' no-op update), revision and all.
        var missing = _acknowledged.Where(r => r > from).Except(reference).ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} acknowledged writes never reached the watches, e.g. revision {missing.FirstOrDefault()}");

        var (slowSeen, slowReason) = await DrainAsync(slowWatch, slowFirst);
        Assert.True(slowReason is not null, $"the watcher that read nothing was never cut off ({slowSeen} events, {reference.Count} sent)");
        Assert.Contains("fell too far behind", slowReason, StringComparison.Ordinal);
        Assert.True(slowSeen < reference.Count, "the slow watcher was cut off only after it had everything");

        // A sanity bound from the measured peak (≈ 100 MB for this load), not a target: a leak per event or per
        // watcher would pass it within one run.
        Assert.True(rss.PeakMb < 400, $"homelabd peaked at {rss.PeakMb:F0} MB RSS");
        ReliabilitySettings.Record("load", Figures(reference.Count, slowSeen, rss));
    }

    private (string, double)[] Figures(int events, int slowSeen, RssSampler.Result rss)
    {
        var figures = new List<(string, double)>
        {
            ("objects", _objects), ("seconds", _duration.TotalSeconds), ("rawClients", _rawClients), ("hlctlClients", _hlctlClients),
            ("operations", _latency.Count), ("errors", _errors.Count), ("conflicts", _conflicts), ("watches", Watchers),
            ("eventsPerWatch", events), ("slowCutOffAfter", slowSeen), ("watchBuffer", WatchBuffer),
            ("rssStartMb", rss.StartMb), ("rssPeakMb", rss.PeakMb), ("rssEndMb", rss.EndMb),
        };
        foreach (var operation in _latency.Operations)
        {
            figures.Add(($"{operation}Count", _latency.CountOf(operation)));
            figures.Add(($"{operation}P50", _latency.Percentile(operation, 50)));
            figures.Add(($"{operation}P99", _latency.Percentile(operation, 99)));
        }
        return [.. figures];
    }

    private async Task SeedAsync(RawApi api)
    {
        var ns = await api.SendAsync(HttpMethod.Post, ApiPaths.For(ResourceKinds.Namespace), new JsonObject
        {
            ["apiVersion"] = "homelab.dev/v1alpha1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = Ns },
        }.ToJsonString(), CancellationToken.None);
        Assert.True(ns.Status == 201, ns.Body);
        await Parallel.ForEachAsync(Enumerable.Range(0, _objects), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            var created = await api.SendAsync(HttpMethod.Post, ApiPaths.For(ResourceKinds.Service, Ns), Service($"svc-{i}", 0).ToJsonString(), ct);
            Assert.True(created.Status == 201, created.Body);
        });
    }

    /// <summary>One raw client: a mix of reads, replaces with CAS, and create/delete pairs, until the time is up.</summary>
    private async Task RawClientAsync(RawApi api, int client, CancellationToken stop)
    {
        var random = new Random(client);
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            var roll = random.Next(100);
            var name = $"svc-{random.Next(_objects)}";
            var item = ApiPaths.For(ResourceKinds.Service, Ns, name);
            if (roll < 35)
            {
                await CallAsync(api, "get", HttpMethod.Get, item, null, 200);
            }
            else if (roll < 45)
            {
                await CallAsync(api, "list", HttpMethod.Get, ApiPaths.For(ResourceKinds.Service, Ns), null, 200);
            }
            else if (roll < 80)
            {
                var current = await CallAsync(api, "get", HttpMethod.Get, item, null, 200);
                if (current is null)
                {
                    continue;
                }
                var replacement = Service(name, n);
                replacement["metadata"]!["resourceVersion"] = current["metadata"]!["resourceVersion"]!.GetValue<string>();
                await CallAsync(api, "replace", HttpMethod.Put, item, replacement.ToJsonString(), 200);
            }
            else
            {
                var temporary = $"tmp-{client}-{n}";
                await CallAsync(api, "create", HttpMethod.Post, ApiPaths.For(ResourceKinds.Service, Ns), Service(temporary, n).ToJsonString(), 201);
                await CallAsync(api, "delete", HttpMethod.Delete, ApiPaths.For(ResourceKinds.Service, Ns, temporary), null, 200);
            }
        }
    }

    /// <summary>One call, timed; the written object's revision is remembered as acknowledged. A 409 is a lost race, not an error.</summary>
    private async Task<JsonObject?> CallAsync(RawApi api, string operation, HttpMethod method, string path, string? body, int expected)
    {
        try
        {
            var (status, text, took) = await api.SendAsync(method, path, body, CancellationToken.None);
            _latency.Add(operation, took);
            if (status == 409)
            {
                Interlocked.Increment(ref _conflicts);
                return null;
            }
            if (status != expected)
            {
                _errors.Enqueue($"{method} {path}: {status} {text[..Math.Min(text.Length, 300)]}");
                return null;
            }
            var answer = JsonNode.Parse(text)!.AsObject();
            if (method != HttpMethod.Get && method != HttpMethod.Delete)
            {
                _acknowledged.Add(long.Parse(answer["metadata"]!["resourceVersion"]!.GetValue<string>(), CultureInfo.InvariantCulture));
            }
            return answer;
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException)
        {
            _errors.Enqueue($"{method} {path}: {e.GetType().Name}: {e.Message}");
            return null;
        }
    }

    /// <summary>One hlctl user: applies a file of five Services (changed each time), then gets them all, until the time is up.</summary>
    private async Task HlctlClientAsync(string socket, int client, CancellationToken stop)
    {
        var file = Path.Combine(_dir, $"hlctl-{client}.yaml");
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            // JSON documents are YAML documents: five of them, one file.
            var documents = Enumerable.Range(0, 5).Select(k => Service($"hlctl-{client}-{k}", n).ToJsonString());
            await File.WriteAllTextAsync(file, string.Join("\n---\n", documents), CancellationToken.None);
            await HlctlAsync(socket, "hlctl-apply", "apply", "-f", file);
            await HlctlAsync(socket, "hlctl-get", "get", "services", "-n", Ns, "-o", "name");
        }
    }

    private async Task HlctlAsync(string socket, string operation, params string[] args)
    {
        var started = Stopwatch.GetTimestamp();
        var result = await Hlctl.RunAsync(socket, args);
        _latency.Add(operation, Stopwatch.GetElapsedTime(started));
        if (result.ExitCode != 0)
        {
            _errors.Enqueue($"hlctl {string.Join(' ', args)}: exit {result.ExitCode}: {result.Err}");
        }
    }

    private static JsonObject Service(string name, int round) => new()
    {
        ["apiVersion"] = "homelab.dev/v1alpha1",
        ["kind"] = "Service",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = Ns, ["labels"] = new JsonObject { ["round"] = round.ToString(CultureInfo.InvariantCulture) } },
        ["spec"] = new JsonObject { ["image"] = Image, ["env"] = new JsonArray(new JsonObject { ["name"] = "ROUND", ["value"] = $"{round}" }) },
    };

    private async Task<long> CreateAsync(RawApi api, string marker)
    {
        var created = await api.SendAsync(HttpMethod.Post, ApiPaths.For(ResourceKinds.Service, Ns), Service($"marker-{marker}", 0).ToJsonString(), CancellationToken.None);
        Assert.True(created.Status == 201, created.Body);
        return long.Parse(JsonNode.Parse(created.Body)!["metadata"]!["resourceVersion"]!.GetValue<string>(), CultureInfo.InvariantCulture);
    }

    private static async Task<long> RevisionAsync(RawApi api)
    {
        var list = await api.SendAsync(HttpMethod.Get, ApiPaths.For(ResourceKinds.Service, Ns), null, CancellationToken.None);
        return long.Parse(JsonNode.Parse(list.Body)!["metadata"]!["resourceVersion"]!.GetValue<string>(), CultureInfo.InvariantCulture);
    }

    private static async Task AllSeeAsync(IReadOnlyList<EventRecorder> watchers, long revision)
    {
        var deadline = DateTime.UtcNow + CatchUp;
        while (watchers.Any(w => w.Last < revision && w.Failure is null) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }
        if (watchers.FirstOrDefault(w => w.Last < revision || w.Failure is not null) is { } behind)
        {
            Assert.Fail($"a watch did not reach revision {revision} within {CatchUp.TotalSeconds} s: {behind.Failure?.Message ?? $"at {behind.Last}"}");
        }
    }

    /// <summary>Reads the slow watch to its end: how many events it got, and the reason it was cut off (null: never).</summary>
    private static async Task<(int Seen, string? Reason)> DrainAsync(IAsyncEnumerator<ApiWatchEvent> watch, Task<bool> first)
    {
        var seen = 0;
        try
        {
            for (var more = await first; more; more = await watch.MoveNextAsync())
            {
                seen++;
            }
            return (seen, null);
        }
        catch (ApiException e) when (e.Status.Code == 410)
        {
            return (seen, e.Status.Message);
        }
        catch (OperationCanceledException)
        {
            return (seen, null);
        }
    }
}
