using System.Diagnostics;
using System.Text.Json;
using Homelab.Api.Meta;
using Homelab.Api.Resources;
using Homelab.Api.Serialization;
using Homelab.Controllers.Services;
using Homelab.Controllers.Tests.Services;
using Homelab.Controllers.Updates;
using Homelab.Operator;
using Homelab.Podman;
using Homelab.Registry;
using Homelab.Registry.Tests.Integration;
using Homelab.TestKit;
using Microsoft.Extensions.DependencyInjection;

namespace Homelab.Controllers.Tests.Updates;

/// <summary>
/// Both controllers as homelabd runs them: the Service controller on real Podman and the UpdatePolicy controller with the
/// real OCI client, against a private docker-registry on a loopback port. Images are busybox rootfs imports whose
/// httpd serves a page naming the version, pushed to that registry and removed locally, so every digest a container
/// runs was pulled from the registry. Logical time is the host's fake clock, advanced one second at a time with a bound
/// on the steps; real time passes only inside Podman calls, under one overall budget per test.
/// </summary>
[Collection(ServiceHostCollection.Name)]
[Trait("Category", "Integration")]
public sealed class UpdateEndToEndTests : IAsyncLifetime
{
    private const int ContainerPort = 8080;
    private const string Tag = "stable";
    private static readonly TimeSpan Budget = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(2);

    /// <summary>httpd in the foreground on $PORT, serving /srv.</summary>
    private static readonly string[] Serve = ["/bin/sh", "-c", "exec /bin/httpd -f -p ${PORT:-80} -h /srv"];

    /// <summary>Exits 1 right after it starts.</summary>
    private static readonly string[] Crash = ["/bin/sh", "-c", "echo broken >&2; exit 1"];

    private readonly string _ns = "hltest-" + Guid.NewGuid().ToString("N")[..8];
    private readonly string _dataDir = Directory.CreateTempSubdirectory("hltest-e2e-data-").FullName;
    private readonly string _workDir = Directory.CreateTempSubdirectory("hltest-e2e-images-").FullName;
    private readonly int _port = Loopback.FreePort();
    private readonly CancellationTokenSource _budget = new(Budget);
    private readonly List<string> _pushed = [];
    private readonly ServiceProvider _podmanServices;
    private readonly IContainerRuntime _podman;
    private readonly RecordingRuntime _recorder;
    private readonly string _registriesConf;
    private LocalRegistry? _registry;
    private OperatorTestHost? _host;
    private int _builds;

    public UpdateEndToEndTests()
    {
        // Podman reads registries.conf.d on every command: this drop-in makes the test registry plain HTTP for its pulls,
        // and the OCI client reads the same file.
        _registriesConf = $"/etc/containers/registries.conf.d/{_ns}.conf";
        _podmanServices = new ServiceCollection().AddLogging().AddHomelabPodman(ConfigurePodman).BuildServiceProvider();
        _podman = _podmanServices.GetRequiredService<IContainerRuntime>();
        _recorder = new RecordingRuntime(_podman);
    }

    private OperatorTestHost Host => _host ?? throw new InvalidOperationException("not initialized");

    private LocalRegistry Registry => _registry ?? throw new InvalidOperationException("not initialized");

    /// <summary>127.0.0.1:port/hltest-…/web, without tag.</summary>
    private string Repository => Registry.Reference("web", Tag)[..^(Tag.Length + 1)];

    public async Task InitializeAsync()
    {
        _registry = await LocalRegistry.StartAsync();
        await File.WriteAllTextAsync(_registriesConf, $"# hltest {_ns}: removed when the test ends\n{_registry.RegistriesConf}");
        _host = new OperatorTestHost(
            op => op
                .AddServiceController(ConfigurePodman)
                .AddUpdatePolicyController(o =>
                {
                    o.TimeZone = TimeZoneInfo.Utc;
                    o.SettlePeriod = TimeSpan.FromSeconds(2);
                }),
            services =>
            {
                services.AddSingleton<IContainerRuntime>(_recorder);
                services.AddHomelabRegistry(o =>
                {
                    o.RegistriesConfFiles = [_registriesConf];
                    o.AuthFiles = [];
                    o.RequestTimeout = TimeSpan.FromSeconds(10);
                });
            });
    }

    public async Task DisposeAsync()
    {
        var errors = new List<Exception>();
        async Task Try(Func<Task> step)
        {
            try
            {
                await step();
            }
            catch (Exception e)
            {
                errors.Add(e);
            }
        }

        if (_host is not null)
        {
            await Try(async () => await _host.DisposeAsync());
        }
        await Try(() => PodmanLeftovers.RemoveAsync(_podman, _ns));
        if (_registry is not null)
        {
            await Try(RemoveImagesAsync);
            await Try(async () => await _registry.DisposeAsync());
        }
        foreach (var remove in new Action[] { () => File.Delete(_registriesConf), () => Directory.Delete(_dataDir, true), () => Directory.Delete(_workDir, true) })
        {
            await Try(() =>
            {
                remove();
                return Task.CompletedTask;
            });
        }
        await _podmanServices.DisposeAsync();
        _budget.Dispose();
        if (errors.Count > 0)
        {
            throw new AggregateException("cleanup failed", errors);
        }
    }

    [Fact]
    public async Task A_tag_moves_twice_the_good_push_is_rolled_out_and_both_broken_pushes_are_rolled_back_for_good()
    {
        // 1. v1 under the tag: the Service runs exactly v1's digest and serves v1's page.
        var v1 = await PushAsync("v1", Serve);
        // Never: a crashed v3 stays exited, so the Service controller's start probe sees it and keeps v2 serving. Under the
        // default (podman --restart always) see Crash_looping_update_with_the_default_restart_policy_… below.
        await Host.ApplyAsync(Web(RestartPolicies.Never));
        await Host.ApplyAsync(Policy());
        await AdvanceUntilAsync("v1 running and checked", () => RunsReady(v1) && Entry()?.LastResult == "UpToDate", maxSeconds: 15);
        Assert.Equal($"{Repository}:{Tag}", Service().Spec.Image);
        Assert.Equal(v1, (await ContainerAsync()).ImageDigest);
        Assert.Contains("web v1", await GetAsync(), StringComparison.Ordinal);

        // 2. v2 under the same tag: written into the spec pinned by digest, the container replaced, the update healthy.
        var v1Container = (await ContainerAsync()).Id;
        var v2 = await PushAsync("v2", Serve);
        await AdvanceUntilAsync("v2 rolled out", () => Entry()?.LastResult == "Updated", maxSeconds: 30);
        Assert.Equal($"{Repository}:{Tag}@{v2}", Service().Spec.Image);
        var v2Container = await ContainerAsync();
        Assert.NotEqual(v1Container, v2Container.Id);
        Assert.Equal(v2, v2Container.ImageDigest);
        Assert.Equal(v2, Service().Status!.ImageDigest);
        Assert.Contains("web v2", await GetAsync(), StringComparison.Ordinal);
        Assert.Contains(Host.EventsFor(Service()), e => e.Reason == "Updated" && e.Message.Contains(v2, StringComparison.Ordinal));

        // 3a. v3 exits right after it starts: the Service controller never gets it Ready (StartFailed, v2 restarted,
        // Progressing=False RolledBack), the gate fails at once on that, spec.image goes back and v2 is what runs.
        var v3 = await PushAsync("v3-crash", Crash);
        await AdvanceUntilAsync("v3 rolled back", () => RolledBack(v3), maxSeconds: 60);
        await AdvanceUntilAsync("v2 running again after v3", () => RunsReady(v2), maxSeconds: 15);
        Assert.Contains(Host.EventsFor(Service()), e => e.Reason == ServiceReasons.StartFailed);
        Assert.Contains("rolled it back", Entry()!.History![^1].Message, StringComparison.Ordinal);
        await AssertRolledBackToV2Async(v2, v3);

        // 3b. v4 runs but its health check fails: the Service controller never promotes it (Ready means the check
        // passed), the gate fails on the roll-back, and v2 serves throughout.
        var v4 = await PushAsync("v4-unhealthy", Serve, healthy: false);
        await AdvanceUntilAsync("v4 rolled back", () => RolledBack(v4), maxSeconds: 60);
        await AdvanceUntilAsync("v2 running again after v4", () => RunsReady(v2), maxSeconds: 15);
        Assert.DoesNotContain(Host.EventsFor(Service()), e => e.Reason == ServiceReasons.Replaced && e.Message.Contains(v4, StringComparison.Ordinal));
        Assert.Contains("health check did not pass", Entry()!.History![^1].Message, StringComparison.Ordinal);
        await AssertRolledBackToV2Async(v2, v4);
        Assert.Equal([v3, v4], Entry()!.FailedDigests);
    }

    [Fact]
    public async Task A_failed_first_update_of_a_tag_only_spec_returns_to_the_digest_that_ran_not_to_the_moved_tag()
    {
        var v1 = await PushAsync("v1", Serve);
        await Host.ApplyAsync(Web());
        await Host.ApplyAsync(Policy());
        await AdvanceUntilAsync("v1 running and checked", () => RunsReady(v1) && Entry()?.LastResult == "UpToDate", maxSeconds: 15);

        // Built and pushed on this host, as a CI job or a developer would: the local tag moves off v1 (PushAsync drops the
        // new local copy too), so from now on repository:stable can only be resolved afresh, to the broken image.
        var bad = await PushAsync("v2-unhealthy", Serve, healthy: false);
        // Never Ready, so never promoted: v1's container serves until the update is rolled back.
        Assert.False(await ImageExistsAsync($"{Repository}:{Tag}"));

        await AdvanceUntilAsync("the unhealthy image rolled back", () => RolledBack(bad), maxSeconds: 30);
        await AdvanceUntilAsync("v1 running again", () => RunsReady(v1), maxSeconds: 15);
        Assert.Equal($"{Repository}:{Tag}@{v1}", Service().Spec.Image);
        Assert.Equal(v1, (await ContainerAsync()).ImageDigest);
        Assert.Contains("web v1", await GetAsync(), StringComparison.Ordinal);
        Assert.Equal([bad], Entry()!.FailedDigests);
    }

    /// <summary>
    /// Issue 17, as a user met it: images built on this host and pushed, the local copies kept. Each then has two digests
    /// (its local manifest's and the pushed one), and podman reports the local one: the good update was judged by it,
    /// timed out in the gate while healthy, and was rolled back; the broken update then returned to v1.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Good_updates_of_images_built_here_stay_and_a_broken_one_returns_to_the_last_good(int goodUpdates)
    {
        var v1 = await PushAsync("v1", Serve, keepLocal: true);
        await Host.ApplyAsync(Web(RestartPolicies.Never));
        await Host.ApplyAsync(Policy());
        await AdvanceUntilAsync("v1 serving and checked", () => Ready() && Entry()?.LastResult == "UpToDate", maxSeconds: 15);
        Assert.Contains("web v1", await GetAsync(), StringComparison.Ordinal);
        // The tag names the same image by another digest than the one podman reports: not an update.
        Assert.True($"{Repository}:{Tag}" == Service().Spec.Image, $"v1 {v1}\n{Describe()}");
        Assert.Null(Entry()!.AvailableImage);

        var good = v1;
        for (var version = 2; version <= goodUpdates + 1; version++)
        {
            good = await PushAsync($"v{version}", Serve, keepLocal: true);
            var pushed = good;
            await AdvanceUntilAsync($"v{version} rolled out", () => Entry()?.History is { Count: > 0 } h && h[^1].To.EndsWith("@" + pushed, StringComparison.Ordinal), maxSeconds: 40);
            var outcome = Entry()!.History![^1];
            Assert.True(outcome.Result == "Updated", $"v{version}: {outcome.Result}: {outcome.Message}");
            Assert.Equal($"{Repository}:{Tag}@{good}", Service().Spec.Image);
            Assert.Equal(good, Service().Status!.ImageDigest);
            Assert.Contains($"web v{version}", await GetAsync(), StringComparison.Ordinal);
        }

        var broken = await PushAsync("broken", Crash, keepLocal: true);
        await AdvanceUntilAsync("the broken image rolled back", () => RolledBack(broken), maxSeconds: 60);
        await AdvanceUntilAsync("the last good image serving again", () => Ready() && Service().Spec.Image.EndsWith("@" + good, StringComparison.Ordinal), maxSeconds: 20);

        // Back on exactly the digest that ran and was healthy before the broken update, and the event says so.
        Assert.Equal($"{Repository}:{Tag}@{good}", Service().Spec.Image);
        Assert.Contains($"web v{goodUpdates + 1}", await GetAsync(), StringComparison.Ordinal);
        var rolledBack = Entry()!.History![^1];
        Assert.Equal($"{Repository}:{Tag}@{good}", rolledBack.From);
        Assert.True(rolledBack.Message?.Contains("exited", StringComparison.Ordinal) == true, rolledBack.Message);
        Assert.Equal(goodUpdates, Entry()!.History!.Count(h => h.Result == "Updated"));
        Assert.DoesNotContain(Entry()!.History!, h => h.Result == "RolledBack" && h.To != $"{Repository}:{Tag}@{broken}");
    }

    /// <summary>
    /// The same crash under the default restart policy: podman restarts the crashing container in a loop, so it may look
    /// "running" when the start probe inspects it; the probe counts its restarts instead, keeps the old container and its
    /// published port, and the update is rolled back.
    /// </summary>
    [Fact]
    public async Task Crash_looping_update_with_the_default_restart_policy_is_rolled_back_and_the_old_digest_serves_again()
    {
        var v1 = await PushAsync("v1", Serve);
        await Host.ApplyAsync(Web());
        await Host.ApplyAsync(Policy());
        await AdvanceUntilAsync("v1 running and checked", () => RunsReady(v1) && Entry()?.LastResult == "UpToDate", maxSeconds: 15);

        var crash = await PushAsync("v2-crash", Crash);
        await AdvanceUntilAsync("the crashing image rolled back", () => RolledBack(crash), maxSeconds: 60);
        await AdvanceUntilAsync("v1 running again", () => RunsReady(v1), maxSeconds: 15);
        Assert.Equal(v1, (await ContainerAsync()).ImageDigest);
        Assert.Contains("web v1", await GetAsync(), StringComparison.Ordinal);
    }

    /// <summary>After a rollback from <paramref name="failed"/>: v2 in the spec and in the container, the warning, and no retry on later checks.</summary>
    private async Task AssertRolledBackToV2Async(string v2, string failed)
    {
        var service = Service();
        Assert.Equal($"{Repository}:{Tag}@{v2}", service.Spec.Image);
        var container = await ContainerAsync();
        Assert.Equal(v2, container.ImageDigest);
        Assert.True(container.IsRunning);
        Assert.Contains("web v2", await GetAsync(), StringComparison.Ordinal);
        var entry = Entry()!;
        Assert.Contains(failed, entry.FailedDigests ?? []);
        Assert.Null(entry.Pending);
        var warning = Assert.Single(Host.EventsFor(service), e => e.Reason == "UpdateRolledBack" && e.Message.Contains(failed, StringComparison.Ordinal));
        Assert.Equal(EventTypes.Warning, warning.Type);

        // Two more regular checks (interval 10s) see the failed digest under the tag and leave everything alone.
        var checkedAt = GetPolicy().Status!.LastCheck;
        _recorder.Writes.Clear();
        await AdvanceUntilAsync("two more checks", () => GetPolicy().Status!.LastCheck >= checkedAt + TimeSpan.FromSeconds(20), maxSeconds: 25);
        Assert.Equal($"{Repository}:{Tag}@{v2}", Service().Spec.Image);
        Assert.Contains("failed before", Entry()!.Message, StringComparison.Ordinal);
        Assert.Null(Entry()!.Pending);
        Assert.Single(Host.EventsFor(service), e => e.Reason == "Updating" && e.Message.Contains(failed, StringComparison.Ordinal));
        Assert.Empty(_recorder.Writes);
        Assert.Equal(container.Id, (await ContainerAsync()).Id);
    }

    private Service Web(string? restartPolicy = null)
    {
        var service = TestResources.Service("web", _ns, $"{Repository}:{Tag}", new Dictionary<string, string> { ["updates"] = "auto" });
        service.Spec.RestartPolicy = restartPolicy;
        service.Spec.Env = [new EnvVar { Name = "PORT", Value = ContainerPort.ToString(System.Globalization.CultureInfo.InvariantCulture) }];
        service.Spec.Ports = [new ServicePort { ContainerPort = ContainerPort, HostPort = _port, HostIP = "127.0.0.1" }];
        service.Spec.StopGracePeriod = "1s";
        // One failed check makes a container unhealthy; the Service controller runs it every 2 (fake) seconds.
        service.Spec.HealthCheck = new HealthCheck
        {
            Command = ["/bin/wget", "-q", "-O", "/dev/null", $"http://127.0.0.1:{ContainerPort}/healthz"],
            Interval = "2s",
            Timeout = "5s",
            Retries = 1,
        };
        return service;
    }

    private UpdatePolicy Policy()
    {
        var policy = new UpdatePolicy { Metadata = new ObjectMeta { Name = "auto", Namespace = _ns } };
        policy.Spec.ServiceSelector = new LabelSelector { MatchLabels = new() { ["updates"] = "auto" } };
        policy.Spec.Interval = "10s";
        policy.Spec.HealthTimeout = "10s";
        return policy;
    }

    private Service Service() => Host.Get<Service>(_ns, "web") ?? throw new InvalidOperationException("Service web is gone");

    private UpdatePolicy GetPolicy() => Host.Get<UpdatePolicy>(_ns, "auto") ?? throw new InvalidOperationException("UpdatePolicy auto is gone");

    private ServiceUpdateStatus? Entry() => GetPolicy().Status?.Services?.SingleOrDefault();

    /// <summary>The Service controller has caught up with the spec, runs <paramref name="digest"/>, and the container is Ready.</summary>
    private bool RunsReady(string digest)
    {
        var service = Service();
        return service.Status is { } status
            && status.ObservedGeneration == service.Generation
            && status.ImageDigest == digest
            && status.GetCondition(ConditionTypes.Ready) is { Status: ConditionStatus.True } ready
            && ready.ObservedGeneration == service.Generation;
    }

    /// <summary>The Service controller has caught up with the spec and the container is Ready, whatever digest it reports.</summary>
    private bool Ready()
    {
        var service = Service();
        return service.Status is { } status
            && status.ObservedGeneration == service.Generation
            && status.GetCondition(ConditionTypes.Ready) is { Status: ConditionStatus.True } ready
            && ready.ObservedGeneration == service.Generation;
    }

    private bool RolledBack(string digest) =>
        Entry() is { Pending: null, History: { Count: > 0 } history } && history[^1].Result == "RolledBack" && history[^1].To.EndsWith("@" + digest, StringComparison.Ordinal);

    /// <summary>
    /// Runs what is due now, then moves the fake clock one second at a time, at most <paramref name="maxSeconds"/> times,
    /// until <paramref name="done"/> holds. Real time is bounded by the test's budget, which cancels Podman calls too.
    /// </summary>
    private async Task AdvanceUntilAsync(string what, Func<bool> done, int maxSeconds)
    {
        await Host.RunUntilIdleAsync(cancellationToken: _budget.Token);
        for (var second = 0; !done(); second++)
        {
            if (second == maxSeconds)
            {
                throw new Xunit.Sdk.XunitException($"{what}: not reached within {maxSeconds} fake seconds\n{Describe()}");
            }
            await Host.AdvanceAsync(TimeSpan.FromSeconds(1), _budget.Token);
        }
    }

    private string Describe()
    {
        var service = Host.Get<Service>(_ns, "web");
        var policy = Host.Get<UpdatePolicy>(_ns, "auto");
        var events = service is null ? [] : Host.EventsFor(service).TakeLast(15).Select(e => $"  {e.Type} {e.Reason}: {e.Message}");
        return $"""
            spec.image: {service?.Spec.Image}
            service status: {JsonSerializer.Serialize(service?.Status, HomelabJson.Options)}
            policy status: {JsonSerializer.Serialize(policy?.Status, HomelabJson.Options)}
            events:
            {string.Join("\n", events)}
            """;
    }

    private async Task<ContainerInfo> ContainerAsync() =>
        await _podman.InspectContainerAsync(PodmanNames.Container(_ns, "web"), CancellationToken.None)
            ?? throw new InvalidOperationException("the Service has no container");

    private void ConfigurePodman(PodmanOptions options)
    {
        options.ManagedBy = _ns;
        options.DataDir = _dataDir;
        options.SubnetPool = "10.95.0.0/16";
        options.CommandTimeout = CommandTimeout;
    }

    /// <summary>
    /// Builds a busybox image whose httpd page says "web {version}" (and /healthz exists when <paramref name="healthy"/>),
    /// pushes it as repository:stable and, unless <paramref name="keepLocal"/>, drops the local copy, so the Service
    /// controller pulls it by the registry's digest. A kept copy is what a host that builds its own images has: the
    /// image keeps its local manifest digest besides the one the push produced. Returns the pushed (registry) digest.
    /// </summary>
    private async Task<string> PushAsync(string version, string[] command, bool healthy = true, bool keepLocal = false)
    {
        var build = Interlocked.Increment(ref _builds);
        var root = Path.Combine(_workDir, $"rootfs-{build}");
        foreach (var dir in new[] { "bin", "etc", "srv", "tmp" })
        {
            Directory.CreateDirectory(Path.Combine(root, dir));
        }
        File.Copy(File.Exists("/bin/busybox") ? "/bin/busybox" : "/usr/bin/busybox", Path.Combine(root, "bin", "busybox"));
        foreach (var applet in new[] { "sh", "httpd", "wget" })
        {
            File.CreateSymbolicLink(Path.Combine(root, "bin", applet), "busybox");
        }
        await File.WriteAllTextAsync(Path.Combine(root, "etc", "passwd"), "root:x:0:0:root:/root:/bin/sh\n");
        await File.WriteAllTextAsync(Path.Combine(root, "etc", "group"), "root:x:0:\n");
        await File.WriteAllTextAsync(Path.Combine(root, "srv", "index.html"), $"<!doctype html><title>web {version}</title><h1>web {version}</h1>\n");
        if (healthy)
        {
            await File.WriteAllTextAsync(Path.Combine(root, "srv", "healthz"), "ok\n");
        }
        var tar = root + ".tar";
        await RunAsync("tar", "-C", root, "-cf", tar, ".");
        var reference = $"{Repository}:{Tag}";
        await PodmanAsync("import", "--quiet", "--change", "CMD " + JsonSerializer.Serialize(command), "--change", "ENV PATH=/bin", tar, reference);
        var digestFile = Path.Combine(_workDir, $"digest-{build}");
        await PodmanAsync("push", "--quiet", "--tls-verify=false", "--digestfile", digestFile, reference);
        if (!keepLocal)
        {
            await PodmanAsync("rmi", reference);
        }
        var digest = (await File.ReadAllTextAsync(digestFile)).Trim();
        _pushed.Add(digest);
        return digest;
    }

    /// <summary>
    /// Every local image of this test: named after the test registry, or carrying a digest it pushed. The second catches
    /// what the Service controller pulled by tag and a later import under the same tag left dangling and nameless.
    /// </summary>
    private async Task RemoveImagesAsync()
    {
        var prefix = Registry.Address + "/";
        using var images = JsonDocument.Parse(await PodmanAsync("images", "--all", "--format", "json") is { Length: > 0 } json ? json : "[]");
        var ids = images.RootElement.EnumerateArray()
            .Where(image =>
                (image.TryGetProperty("Digest", out var digest) && _pushed.Contains(digest.GetString() ?? ""))
                || new[] { "Names", "RepoDigests" }.Any(field =>
                    image.TryGetProperty(field, out var names) && names.ValueKind == JsonValueKind.Array
                    && names.EnumerateArray().Any(n => n.GetString()?.StartsWith(prefix, StringComparison.Ordinal) == true)))
            .Select(image => image.GetProperty("Id").GetString()!)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (ids.Count > 0)
        {
            await PodmanAsync(["rmi", "--force", "--ignore", .. ids]);
        }
    }

    private static async Task<bool> ImageExistsAsync(string reference)
    {
        try
        {
            await PodmanAsync("image", "exists", reference);
            return true;
        }
        catch (InvalidOperationException e) when (e.Message.Contains(" exited 1", StringComparison.Ordinal))
        {
            return false;
        }
    }

    private static Task<string> PodmanAsync(params string[] args) => HostCommand.RunAsync(["podman", .. args]);

    private static Task<string> RunAsync(params string[] command) => HostCommand.RunAsync(command);

    /// <summary>The page on the published loopback port. Bounded: at most 50 tries, 200 ms apart, 2 s each.</summary>
    private async Task<string> GetAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        Exception? last = null;
        for (var attempt = 0; attempt < 50; attempt++)
        {
            try
            {
                return await http.GetStringAsync(new Uri($"http://127.0.0.1:{_port}/"), _budget.Token);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !_budget.IsCancellationRequested)
            {
                last = e;
                await Task.Delay(200, _budget.Token);
            }
        }
        throw new InvalidOperationException($"nothing answered on 127.0.0.1:{_port}\n{Describe()}", last);
    }
}
