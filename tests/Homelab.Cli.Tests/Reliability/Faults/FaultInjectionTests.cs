using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Homelab.Api.Protocol;
using Homelab.Api.Resources;
using Homelab.Cli.Tests.EndToEnd;
using Homelab.TestKit;

namespace Homelab.Cli.Tests.Reliability.Faults;

/// <summary>
/// The shipped homelabd with all its controllers, its podman and nft replaced by <see cref="FaultyCommand"/>s and its
/// Service's image served by a <see cref="FaultyRegistry"/>. Each fault must be bounded by a timeout, reported in the
/// object's status and in Warning events, retried with back-off (the event's count grows, but no faster than doubling
/// waits allow), and leave what runs alone: the old container keeps running, the previous nft table stays in force.
/// When the fault clears, everything converges on the latest spec.
/// </summary>
[Collection(PodmanHostCollection.Name)]
[Trait("Category", "Integration")]
[Trait("Category", "Reliability")]
public sealed class FaultInjectionTests : IAsyncLifetime
{
    private const string Upstream = PodmanHostFixture.Registry;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(120);

    private readonly InstanceDaemon _host = new("all", "hltest-faults-");
    private readonly FaultyCommand _podman;
    private readonly FaultyCommand _nft;
    private readonly List<(double Reported, double Recovered)> _rounds = [];
    private FaultyRegistry? _registry;

    public FaultInjectionTests()
    {
        _podman = FaultyCommand.Podman(_host.Dir);
        _nft = FaultyCommand.Nft(_host.Dir);
        _host.Daemon.Environment["Podman__PodmanPath"] = _podman.Path;
        _host.Daemon.Environment["Podman__CommandTimeout"] = "00:00:10";
        _host.Daemon.Environment["Nft__NftPath"] = _nft.Path;
        _host.Daemon.Environment["Nft__CommandTimeout"] = "00:00:05";
        _host.Daemon.Environment["Registry__RequestTimeout"] = "00:00:02";
        _host.Daemon.Environment["Updates__RegistryRetryDelay"] = "00:00:01";
    }

    private string Ns => _host.Name;

    private string DropIn => $"/etc/containers/registries.conf.d/{_host.Name}.conf";

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        if (_registry is not null)
        {
            await HostCommand.ExecAsync(["podman", "rmi", $"{_registry.Address}/homelab/caddy:2.8"]);
            await _registry.DisposeAsync();
        }
        File.Delete(DropIn);
    }

    [Fact]
    public async Task Podman_hanging_failing_or_printing_garbage_is_reported_retried_and_leaves_the_old_container_running()
    {
        await StartAsync(Manifests($"{Upstream}/homelab/caddy:2.8"));
        var running = await ContainerAsync();

        foreach (var (mode, words, round) in Rounds((FaultMode.Hang, "did not finish within"), (FaultMode.Fail, "injected fault"), (FaultMode.Garbage, "could not be read")))
        {
            var value = $"{mode}-{round}";
            await FaultRoundAsync(ResourceKinds.Service, "web", words,
                inject: () =>
                {
                    _podman.Set(mode);
                    return PatchAsync(ResourceKinds.Service, "web", new JsonObject { ["spec"] = new JsonObject { ["env"] = Env(value) } });
                },
                untouched: async () => Assert.Equal(running, await ContainerAsync()),
                heal: () => _podman.Set(FaultMode.Pass));
            running = await ContainerAsync();
            Assert.Contains($"FAULT={value}", await HostCommand.RunAsync("podman", "inspect", "--format", "{{.Config.Env}}", running), StringComparison.Ordinal);
        }
        Record("podman");
    }

    [Fact]
    public async Task An_nft_load_that_fails_or_hangs_is_reported_retried_and_the_previous_table_stays_in_force()
    {
        await StartAsync(Manifests($"{Upstream}/homelab/caddy:2.8"));
        await WaitForReadyAsync(ResourceKinds.NetworkPolicy, "web-ingress", "True", "");

        // The manifest's 10.0.0.0/8 holds the containers' own subnets, so nft shows it split; the rounds' blocks show as written.
        var changes = 0;
        string? previous = null;
        foreach (var (mode, words, _) in Rounds((FaultMode.Fail, "nft load failed"), (FaultMode.Hang, "did not finish within")))
        {
            var cidr = $"192.168.{++changes}.0/24";
            // Taken once the failure is reported: a load that began before the fault (the Service's bridge coming up)
            // may still land before that, but none after.
            var table = "";
            await FaultRoundAsync(ResourceKinds.NetworkPolicy, "web-ingress", words,
                inject: () =>
                {
                    _nft.Set(mode);
                    return PatchAsync(ResourceKinds.NetworkPolicy, "web-ingress", new JsonObject { ["spec"] = Ingress(cidr) });
                },
                untouched: async () =>
                {
                    var live = await LiveTableAsync();
                    Assert.Equal(table, live);
                    Assert.True(previous is null || live.Contains(previous, StringComparison.Ordinal), $"the table in force lost {previous}");
                    Assert.DoesNotContain(cidr, live, StringComparison.Ordinal);
                },
                heal: () => _nft.Set(FaultMode.Pass),
                reported: async () => table = await LiveTableAsync());
            Assert.Contains(cidr, await LiveTableAsync(), StringComparison.Ordinal);
            previous = cidr;
        }
        Record("nft");
    }

    [Fact]
    public async Task A_registry_that_fails_hangs_or_sends_garbage_is_reported_retried_and_updates_nothing()
    {
        var registry = _registry = new FaultyRegistry(Upstream);
        // The registry client, like podman, speaks plain HTTP only to registries marked insecure.
        await File.WriteAllTextAsync(DropIn, $"[[registry]]\nlocation = \"{registry.Address}\"\ninsecure = true\n");
        var image = $"{registry.Address}/homelab/caddy:2.8";
        await HostCommand.RunAsync("podman", "tag", $"{Upstream}/homelab/caddy:2.8", image);
        await StartAsync(Manifests(image));
        await WaitForReadyAsync(ResourceKinds.UpdatePolicy, "digest", "True", "");
        var running = await ContainerAsync();

        foreach (var (mode, words, _) in Rounds((FaultMode.Fail, "answered 503"), (FaultMode.Hang, "did not answer within 2s"), (FaultMode.Garbage, "is not a digest")))
        {
            await FaultRoundAsync(ResourceKinds.UpdatePolicy, "digest", words,
                inject: async () =>
                {
                    registry.Set(mode);
                    // The policy checks hourly: a user's --check-now starts the first check, the back-off the retries.
                    var check = await Hlctl.RunAsync(_host.Daemon.Socket, "updates", "-n", Ns, "--check-now");
                    Assert.True(check.ExitCode == 0, check.Err);
                    return null;
                },
                untouched: async () =>
                {
                    Assert.Equal(running, await ContainerAsync());
                    Assert.Equal(image, (await GetAsync(ResourceKinds.Service, "web"))["spec"]!["image"]!.GetValue<string>());
                },
                heal: () => registry.Set(FaultMode.Pass));
        }
        Assert.True(registry.Faulted > 0, "the registry never answered with a fault");
        Record("registry");
    }

    /// <summary>The faults in order, HLTEST_FAULT_ROUNDS times over (once in CI, more in the long run).</summary>
    private static IEnumerable<(FaultMode Mode, string Words, int Round)> Rounds(params (FaultMode Mode, string Words)[] faults) =>
        from round in Enumerable.Range(1, ReliabilitySettings.Int("HLTEST_FAULT_ROUNDS", 1))
        from fault in faults
        select (fault.Mode, fault.Words, round);

    /// <summary>
    /// One fault: injected (with a change to make, whose generation is returned), reported as Ready=False naming it,
    /// retried with back-off, leaving what runs untouched; then cleared, after which the object converges.
    /// </summary>
    private async Task FaultRoundAsync(KindInfo kind, string name, string words, Func<Task<long?>> inject, Func<Task> untouched, Action heal, Func<Task>? reported = null)
    {
        var clock = Stopwatch.StartNew();
        var generation = await inject();
        await WaitForReadyAsync(kind, name, "False", words);
        var reportedAfter = clock.Elapsed.TotalSeconds;
        if (reported is not null)
        {
            await reported();
        }
        await WaitForRetriesAsync(kind.Kind, name, words);
        await untouched();
        clock.Restart();
        heal();
        await WaitForReadyAsync(kind, name, "True", "", generation);
        _rounds.Add((reportedAfter, clock.Elapsed.TotalSeconds));
    }

    private void Record(string driver) => ReliabilitySettings.Record($"faults-{driver}",
        ("faults", _rounds.Count),
        ("reportedMaxSeconds", _rounds.Max(r => r.Reported)),
        ("recoveredMaxSeconds", _rounds.Max(r => r.Recovered)));

    private async Task StartAsync(string manifests)
    {
        await _host.Daemon.StartAsync();
        var file = Path.Combine(_host.Dir, "homelab.yaml");
        await File.WriteAllTextAsync(file, manifests);
        var apply = await Hlctl.RunAsync(_host.Daemon.Socket, "apply", "-f", file, "--wait", "--timeout", "120s");
        Assert.True(apply.ExitCode == 0, apply.Err + apply.Out + _host.Daemon.Log);
    }

    /// <summary>The id of the container the Service's status names, checked with the real podman to be running.</summary>
    private async Task<string> ContainerAsync()
    {
        var id = (await GetAsync(ResourceKinds.Service, "web"))["status"]!["containerID"]!.GetValue<string>();
        var state = (await HostCommand.RunAsync("podman", "inspect", "--format", "{{.State.Status}}", id)).Trim();
        if (state != "running")
        {
            var details = await HostCommand.ExecAsync(["podman", "inspect", "--format", "{{json .State}}", id]);
            Assert.Fail($"container {id} of Service web is {state}: {details.StandardOutput}\n{_host.Daemon.Log}");
        }
        return id;
    }

    private async Task<string> LiveTableAsync() => await HostCommand.RunAsync("nft", "-s", "list", "table", "inet", _host.Name);

    private async Task<JsonObject> GetAsync(KindInfo kind, string name)
    {
        using var client = _host.Daemon.Client();
        return await client.GetAsync(ApiPaths.For(kind, Ns, name), CancellationToken.None);
    }

    private async Task<long?> PatchAsync(KindInfo kind, string name, JsonObject patch)
    {
        using var client = _host.Daemon.Client();
        var patched = await client.MergePatchAsync(ApiPaths.For(kind, Ns, name), patch, CancellationToken.None);
        return patched["metadata"]!["generation"]!.GetValue<long>();
    }

    /// <summary>Waits, bounded, for Ready to be <paramref name="status"/> with <paramref name="words"/> in its message (and the generation observed).</summary>
    private async Task WaitForReadyAsync(KindInfo kind, string name, string status, string words, long? generation = null)
    {
        var deadline = DateTime.UtcNow + Bound;
        JsonNode? ready = null;
        while (DateTime.UtcNow < deadline)
        {
            var resource = await GetAsync(kind, name);
            ready = (resource["status"]?["conditions"] as JsonArray)?.FirstOrDefault(c => c?["type"]?.GetValue<string>() == "Ready");
            if (ready?["status"]?.GetValue<string>() == status
                && (ready["message"]?.GetValue<string>() ?? "").Contains(words, StringComparison.Ordinal)
                && (generation is null || resource["status"]?["observedGeneration"]?.GetValue<long>() >= generation))
            {
                return;
            }
            await Task.Delay(250);
        }
        Assert.Fail($"{kind.Kind} {name}: Ready did not become {status} with \"{words}\" within {Bound.TotalSeconds} s; last: {ready?.ToJsonString()}\n{_host.Daemon.Log}");
    }

    /// <summary>
    /// Waits for the Warning event naming the fault to be counted twice (it was retried), then checks the retries were
    /// spaced by doubling waits from 1 s: n attempts need at least 2^(n-2) s, so n ≤ log2(span) + 2, plus two for
    /// retries a watch or resync brings forward. Retrying without back-off would count dozens.
    /// </summary>
    private async Task WaitForRetriesAsync(string kind, string name, string words)
    {
        var deadline = DateTime.UtcNow + Bound;
        EventInfo? warning = null;
        while (DateTime.UtcNow < deadline)
        {
            using var client = _host.Daemon.Client();
            var events = await client.EventsAsync(Ns, kind, name, CancellationToken.None);
            warning = events.Items.Where(e => e.Type == "Warning" && e.Message.Contains(words, StringComparison.Ordinal)).MaxBy(e => e.LastTimestamp);
            if (warning is { Count: >= 2 })
            {
                var span = Math.Max((warning.LastTimestamp - warning.FirstTimestamp).TotalSeconds, 1);
                var most = Math.Log2(span) + 4;
                Assert.True(warning.Count <= most, $"{warning.Count} attempts in {span:F1} s is faster than back-off allows ({most:F1}): {warning.Message}");
                return;
            }
            await Task.Delay(250);
        }
        Assert.Fail($"{kind} {name}: no Warning event with \"{words}\" counted twice within {Bound.TotalSeconds} s; last: {warning?.Message} ×{warning?.Count}");
    }

    private static JsonArray Env(string fault) => [new JsonObject { ["name"] = "PORT", ["value"] = "8080" }, new JsonObject { ["name"] = "FAULT", ["value"] = fault }];

    private static JsonObject Ingress(string cidr) => new()
    {
        ["ingress"] = new JsonArray(new JsonObject
        {
            ["from"] = new JsonArray(new JsonObject { ["ipBlock"] = new JsonObject { ["cidr"] = cidr } }),
            ["ports"] = new JsonArray(new JsonObject { ["protocol"] = "TCP", ["port"] = "http" }),
        }),
    };

    private string Manifests(string image) => string.Format(CultureInfo.InvariantCulture, """
        apiVersion: homelab.dev/v1alpha1
        kind: Namespace
        metadata:
          name: {0}
        ---
        apiVersion: homelab.dev/v1alpha1
        kind: Service
        metadata:
          name: web
          namespace: {0}
          labels: {{app: web, updates: digest}}
        spec:
          image: {1}
          env: [{{name: PORT, value: "8080"}}]
          ports:
            - name: http
              containerPort: 8080
          stopGracePeriod: 1s
        ---
        apiVersion: homelab.dev/v1alpha1
        kind: NetworkPolicy
        metadata:
          name: web-ingress
          namespace: {0}
        spec:
          serviceSelector: {{matchLabels: {{app: web}}}}
          policyTypes: [Ingress]
          ingress:
            - from: [{{ipBlock: {{cidr: 10.0.0.0/8}}}}]
              ports: [{{protocol: TCP, port: http}}]
        ---
        apiVersion: homelab.dev/v1alpha1
        kind: UpdatePolicy
        metadata:
          name: digest
          namespace: {0}
        spec:
          serviceSelector: {{matchLabels: {{updates: digest}}}}
          interval: 1h
          strategy: digest
          mode: notify
        """, Ns, image);
}
