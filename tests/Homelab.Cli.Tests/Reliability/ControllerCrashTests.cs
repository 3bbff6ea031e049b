using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Homelab.Api.Protocol;
using Homelab.Api.Resources;
using Homelab.Cli.Tests.EndToEnd;
using Homelab.Podman;
using Homelab.TestKit;

namespace Homelab.Cli.Tests.Reliability;

/// <summary>
/// The shipped homelabd with its controllers on real Podman and nftables, killed with SIGKILL while they reconcile
/// (Services changed, created and deleted, a NetworkPolicy rewritten, then a kill at a random point up to 2 s later),
/// then started again. After each restart it must converge: one running container per Service, made from the stored
/// spec; no container, replacement or network left of a deleted Service; the nft table enforcing the current policy
/// and not the old one; and every named volume still there with the file written into it, deleted Services' included.
/// Count: HLTEST_CONTROLLER_KILLS (default 4).
/// </summary>
[Collection(PodmanHostCollection.Name)]
[Trait("Category", "Integration")]
[Trait("Category", "Reliability")]
public sealed class ControllerCrashTests : IAsyncLifetime
{
    private const string Image = PodmanHostFixture.Registry + "/homelab/caddy:2.8";
    private const string Marker = "hltest-marker";
    private static readonly TimeSpan Converge = TimeSpan.FromSeconds(180);

    private readonly InstanceDaemon _host = new("service,networkpolicy", "hltest-ctlcrash-");
    private readonly int _seed = ReliabilitySettings.Int("HLTEST_SEED", Random.Shared.Next(1, int.MaxValue));
    private readonly HashSet<string> _markedVolumes = new(StringComparer.Ordinal);

    private string Ns => _host.Name;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Killed_mid_reconcile_the_controllers_converge_without_orphans_or_lost_volumes()
    {
        var random = new Random(_seed);
        var kills = ReliabilitySettings.Int("HLTEST_CONTROLLER_KILLS", 4);
        await _host.Daemon.StartAsync();
        var apply = await Hlctl.RunAsync(_host.Daemon.Socket, "apply", "-f", await WriteAsync(Initial()), "--wait", "--timeout", "180s");
        Assert.True(apply.ExitCode == 0, apply.Err + apply.Out + _host.Daemon.Log);
        var cidr = "10.0.0.0/16";
        var services = new List<string> { "s0", "s1", "s2" };
        var next = 3;
        await MarkVolumesAsync();
        var seconds = new List<double>();

        for (var kill = 1; kill <= kills; kill++)
        {
            var old = cidr;
            cidr = $"10.{kill}.0.0/16";
            using (var client = _host.Daemon.Client())
            {
                var target = services[random.Next(services.Count)];
                await client.MergePatchAsync(ApiPaths.For(ResourceKinds.Service, Ns, target), Spec(kill), CancellationToken.None);
                if (random.Next(3) == 0 && services.Count > 1)
                {
                    var gone = services[random.Next(services.Count)];
                    await client.DeleteAsync(ApiPaths.For(ResourceKinds.Service, Ns, gone), CancellationToken.None);
                    services.Remove(gone);
                }
                if (random.Next(3) == 0)
                {
                    var name = $"s{next++}";
                    await client.CreateAsync(ApiPaths.For(ResourceKinds.Service, Ns), Service(name, kill), CancellationToken.None);
                    services.Add(name);
                }
                await client.MergePatchAsync(ApiPaths.For(ResourceKinds.NetworkPolicy, Ns, "s-ingress"), new JsonObject { ["spec"] = Policy(cidr)["spec"]!.DeepClone() }, CancellationToken.None);
            }
            await Task.Delay(random.Next(0, 2000));
            await _host.Daemon.KillAsync();
            await _host.Daemon.StartAsync();

            using (var client = _host.Daemon.Client())
            {
                var clock = Stopwatch.StartNew();
                string? difference;
                while ((difference = await DifferenceAsync(client, services, cidr, old)) is not null && clock.Elapsed < Converge)
                {
                    await Task.Delay(500);
                }
                Assert.True(difference is null, $"kill {kill} (seed {_seed}): not converged within {Converge.TotalSeconds} s: {difference}\n{_host.Daemon.Log}");
                seconds.Add(clock.Elapsed.TotalSeconds);
            }
            await MarkVolumesAsync();
        }

        seconds.Sort();
        ReliabilitySettings.Record("controller-crash", ("kills", kills), ("convergedMedianSeconds", seconds[seconds.Count / 2]),
            ("convergedMaxSeconds", seconds[^1]), ("volumesKept", _markedVolumes.Count), ("volumesLost", 0), ("seed", _seed));
    }

    /// <summary>What still differs from the converged state, or null.</summary>
    private async Task<string?> DifferenceAsync(Cli.Client.HomelabClient client, List<string> services, string cidr, string oldCidr)
    {
        foreach (var name in services)
        {
            var service = await client.GetAsync(ApiPaths.For(ResourceKinds.Service, Ns, name), CancellationToken.None);
            if (!IsReady(service))
            {
                return $"Service {name} is not Ready at its generation: {service["status"]?.ToJsonString()}";
            }
        }
        var policy = await client.GetAsync(ApiPaths.For(ResourceKinds.NetworkPolicy, Ns, "s-ingress"), CancellationToken.None);
        if (!IsReady(policy))
        {
            return $"the NetworkPolicy is not Ready at its generation: {policy["status"]?.ToJsonString()}";
        }

        var containers = JsonNode.Parse(await HostCommand.RunAsync("podman", "ps", "-a", "--filter", $"label={HomelabLabels.ManagedBy}={_host.Name}", "--format", "json"))!.AsArray()
            .ToDictionary(c => c!["Names"]![0]!.GetValue<string>(), c => c!["State"]!.GetValue<string>(), StringComparer.Ordinal);
        var expected = services.Select(s => PodmanNames.Container(Ns, s)).ToHashSet(StringComparer.Ordinal);
        if (!containers.Keys.ToHashSet(StringComparer.Ordinal).SetEquals(expected) || containers.Values.Any(state => state != "running"))
        {
            return $"containers {string.Join(", ", containers.Select(c => $"{c.Key} {c.Value}"))}; expected {string.Join(", ", expected)} running";
        }
        foreach (var name in services)
        {
            var env = await HostCommand.RunAsync("podman", "inspect", "--format", "{{.Config.Env}}", PodmanNames.Container(Ns, name));
            var stored = (await client.GetAsync(ApiPaths.For(ResourceKinds.Service, Ns, name), CancellationToken.None))["spec"]!["env"]!.AsArray()
                .Single(e => e!["name"]!.GetValue<string>() == "ROUND")!["value"]!.GetValue<string>();
            if (!env.Contains($"ROUND={stored}", StringComparison.Ordinal))
            {
                return $"container of {name} runs an old spec ({env.Trim()}), the store says ROUND={stored}";
            }
        }

        var networks = (await HostCommand.RunAsync("podman", "network", "ls", "--filter", $"label={HomelabLabels.ManagedBy}={_host.Name}", "--format", "{{.Name}}"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        var expectedNetworks = services.Select(s => PodmanNames.Network(Ns, s)).ToHashSet(StringComparer.Ordinal);
        if (!networks.SetEquals(expectedNetworks))
        {
            return $"networks {string.Join(", ", networks)}; expected {string.Join(", ", expectedNetworks)}";
        }

        var table = await HostCommand.RunAsync("nft", "-s", "list", "table", "inet", _host.Name);
        if (!table.Contains(cidr, StringComparison.Ordinal) || table.Contains(oldCidr, StringComparison.Ordinal))
        {
            return $"the nft table does not enforce {cidr} alone (old: {oldCidr})";
        }

        foreach (var volume in _markedVolumes)
        {
            var mountpoint = await HostCommand.ExecAsync(["podman", "volume", "inspect", "--format", "{{.Mountpoint}}", volume]);
            if (mountpoint.ExitCode != 0 || !File.Exists(Path.Combine(mountpoint.StandardOutput.Trim(), Marker)))
            {
                return $"volume {volume} or the file in it is gone: {mountpoint.StandardError.Trim()}";
            }
        }
        return null;
    }

    private static bool IsReady(JsonObject resource)
    {
        var status = resource["status"];
        var ready = (status?["conditions"] as JsonArray)?.FirstOrDefault(c => c?["type"]?.GetValue<string>() == "Ready");
        return ready?["status"]?.GetValue<string>() == "True"
            && status?["observedGeneration"]?.GetValue<long>() == resource["metadata"]!["generation"]!.GetValue<long>();
    }

    /// <summary>Writes a file into every volume of this instance that has none yet; later rounds check they all keep it.</summary>
    private async Task MarkVolumesAsync()
    {
        var volumes = (await HostCommand.RunAsync("podman", "volume", "ls", "--filter", $"label={HomelabLabels.ManagedBy}={_host.Name}", "--format", "{{.Name}}"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(volumes);
        foreach (var volume in volumes.Where(_markedVolumes.Add))
        {
            await File.WriteAllTextAsync(Path.Combine(await Mountpoint(volume), Marker), volume);
        }
    }

    private static async Task<string> Mountpoint(string volume) =>
        (await HostCommand.RunAsync("podman", "volume", "inspect", "--format", "{{.Mountpoint}}", volume)).Trim();

    private async Task<string> WriteAsync(string manifests)
    {
        var file = Path.Combine(_host.Dir, "homelab.yaml");
        await File.WriteAllTextAsync(file, manifests);
        return file;
    }

    private string Initial() => string.Join("\n---\n",
        new[] { new JsonObject { ["apiVersion"] = "homelab.dev/v1alpha1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = Ns } } }
            .Concat(new[] { "s0", "s1", "s2" }.Select(s => Service(s, 0)))
            .Append(Policy("10.0.0.0/16"))
            .Select(d => d.ToJsonString()));

    private JsonObject Service(string name, int round) => new()
    {
        ["apiVersion"] = "homelab.dev/v1alpha1",
        ["kind"] = "Service",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = Ns, ["labels"] = new JsonObject { ["app"] = "s" } },
        ["spec"] = Spec(round)["spec"]!.DeepClone(),
    };

    /// <summary>A merge patch, and the spec of new Services: the round is in the environment, so a container shows which spec it runs.</summary>
    private static JsonObject Spec(int round) => new()
    {
        ["spec"] = new JsonObject
        {
            ["image"] = Image,
            ["env"] = new JsonArray(new JsonObject { ["name"] = "PORT", ["value"] = "8080" }, new JsonObject { ["name"] = "ROUND", ["value"] = round.ToString(CultureInfo.InvariantCulture) }),
            ["ports"] = new JsonArray(new JsonObject { ["name"] = "http", ["containerPort"] = 8080 }),
            ["volumes"] = new JsonArray(new JsonObject { ["name"] = "data", ["mountPath"] = "/data" }),
            ["stopGracePeriod"] = "1s",
        },
    };

    private JsonObject Policy(string cidr) => new()
    {
        ["apiVersion"] = "homelab.dev/v1alpha1",
        ["kind"] = "NetworkPolicy",
        ["metadata"] = new JsonObject { ["name"] = "s-ingress", ["namespace"] = Ns },
        ["spec"] = new JsonObject
        {
            ["serviceSelector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = "s" } },
            ["policyTypes"] = new JsonArray("Ingress"),
            ["ingress"] = new JsonArray(new JsonObject
            {
                ["from"] = new JsonArray(new JsonObject { ["ipBlock"] = new JsonObject { ["cidr"] = cidr } }),
                ["ports"] = new JsonArray(new JsonObject { ["protocol"] = "TCP", ["port"] = "http" }),
            }),
        },
    };
}
