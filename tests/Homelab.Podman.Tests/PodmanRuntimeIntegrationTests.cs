using System.Net;
using Homelab.TestKit;
using Homelab.Api.Resources;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit;

namespace Homelab.Podman.Tests;

[Collection(PodmanHostCollection.Name)]
[Trait("Category", "Integration")]
public sealed class PodmanRuntimeIntegrationTests : IAsyncLifetime
{
    private readonly string _managedBy = "hltest-" + Guid.NewGuid().ToString("N")[..8];
    private readonly PodmanRuntime _podman;
    private readonly List<PodmanApi> _apis = [];

    public PodmanRuntimeIntegrationTests()
    {
        _podman = Runtime(new PodmanOptions { SubnetPool = "10.93.0.0/16" });
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await PodmanLeftovers.RemoveAsync(_podman, _managedBy);
        _apis.ForEach(a => a.Dispose());
    }

    private PodmanRuntime Runtime(PodmanOptions options)
    {
        var api = new PodmanApi(Options.Create(options), NullLogger<PodmanApi>.Instance);
        _apis.Add(api);
        return new PodmanRuntime(new ProcessRunner(), api, Options.Create(options), NullLogger<PodmanRuntime>.Instance);
    }

    [Fact]
    public async Task A_network_gets_a_pool_subnet_and_the_requested_bridge_name()
    {
        var name = _managedBy + "-net";
        var bridge = PodmanNames.Bridge("hltest", name);

        var network = await _podman.CreateNetworkAsync(new NetworkCreateRequest(name, Labels("net")) { BridgeName = bridge }, CancellationToken.None);

        Assert.Equal(bridge, network.BridgeName);
        Assert.StartsWith("10.93.", network.Subnet, StringComparison.Ordinal);
        var inspected = await _podman.InspectNetworkAsync(name, CancellationToken.None);
        Assert.Equal((network.Subnet, network.Gateway, network.BridgeName), (inspected!.Subnet, inspected.Gateway, inspected.BridgeName));
        Assert.Equal(_managedBy, inspected.Labels[HomelabLabels.ManagedBy]);
        Assert.Contains(await _podman.ListNetworksAsync(HomelabLabels.Managed(_managedBy), CancellationToken.None), n => n.Name == name);
        await _podman.RemoveNetworkAsync(name, CancellationToken.None);
        Assert.Null(await _podman.InspectNetworkAsync(name, CancellationToken.None));
    }

    [Fact]
    public async Task A_bridge_name_another_network_has_is_refused_with_podmans_reason()
    {
        var bridge = PodmanNames.Bridge("hltest", _managedBy + "-clash");
        await _podman.CreateNetworkAsync(new NetworkCreateRequest(_managedBy + "-a", Labels("a")) { BridgeName = bridge }, CancellationToken.None);

        var error = await Assert.ThrowsAsync<PodmanException>(() =>
            _podman.CreateNetworkAsync(new NetworkCreateRequest(_managedBy + "-b", Labels("b")) { BridgeName = bridge }, CancellationToken.None));

        Assert.Equal($"podman network create: bridge name {bridge} already in use", error.Message);
        Assert.Null(await _podman.InspectNetworkAsync(_managedBy + "-b", CancellationToken.None));
    }

    [Fact]
    public async Task The_api_service_exits_when_idle_and_starts_again_for_the_next_network()
    {
        var runtimeDir = Directory.CreateTempSubdirectory("hltest-podman-api-").FullName;
        try
        {
            var podman = Runtime(new PodmanOptions { SubnetPool = "10.97.48.0/22", RuntimeDir = runtimeDir, ApiIdleTimeout = TimeSpan.FromSeconds(1) });
            var service = "unix://" + runtimeDir + "/podman-";

            await podman.CreateNetworkAsync(new NetworkCreateRequest(_managedBy + "-idle1", Labels("idle1")) { BridgeName = PodmanNames.Bridge("hltest", _managedBy + "-idle1") }, CancellationToken.None);
            Assert.Single(HostProcesses.Matching(service));
            Assert.Empty(await HostProcesses.WaitUntilGoneAsync(service, TimeSpan.FromSeconds(20)));

            var second = await podman.CreateNetworkAsync(new NetworkCreateRequest(_managedBy + "-idle2", Labels("idle2")) { BridgeName = PodmanNames.Bridge("hltest", _managedBy + "-idle2") }, CancellationToken.None);

            Assert.Equal(PodmanNames.Bridge("hltest", _managedBy + "-idle2"), second.BridgeName);
        }
        finally
        {
            Directory.Delete(runtimeDir, recursive: true);
        }
    }

    [Fact]
    public async Task A_bridge_left_behind_is_removed_and_a_networks_own_bridge_is_kept()
    {
        var owned = PodmanNames.Bridge("hltest", _managedBy + "-owned");
        var stale = PodmanNames.Bridge("hltest", _managedBy + "-stale");
        await _podman.CreateNetworkAsync(new NetworkCreateRequest(_managedBy + "-owned", Labels("owned")) { BridgeName = owned }, CancellationToken.None);
        // netavark makes a network's bridge when its first container starts; a crash can leave one whose network is gone.
        await HostCommand.RunAsync("ip", "link", "add", owned, "type", "bridge");
        await HostCommand.RunAsync("ip", "link", "add", stale, "type", "bridge");
        try
        {
            var removed = await _podman.RemoveStaleBridgesAsync(CancellationToken.None);

            Assert.Contains(stale, removed);
            Assert.DoesNotContain(owned, removed);
            var links = await HostCommand.RunAsync("ip", "-o", "link", "show");
            Assert.Contains($": {owned}:", links, StringComparison.Ordinal);
            Assert.DoesNotContain($": {stale}:", links, StringComparison.Ordinal);
        }
        finally
        {
            await HostCommand.ExecAsync(["ip", "link", "delete", owned]);
            await HostCommand.ExecAsync(["ip", "link", "delete", stale]);
        }
    }

    [Fact]
    public async Task The_probe_container_runs_on_a_network_of_its_own_and_leaves_nothing_behind()
    {
        var podman = Runtime(new PodmanOptions { SubnetPool = "10.97.52.0/22", ManagedBy = _managedBy });

        await podman.ProbeContainerRunAsync(CancellationToken.None);

        Assert.Empty(await podman.ListNetworksAsync(HomelabLabels.Managed(_managedBy), CancellationToken.None));
        Assert.Equal("", await HostCommand.RunAsync("podman", "ps", "-aq", "--filter", "network=hl-preflight-" + Environment.ProcessId));
        Assert.Empty(Directory.GetDirectories(Path.GetTempPath(), "homelab-preflight-*"));
    }

    [Fact]
    public async Task A_subnet_already_on_a_host_interface_is_skipped()
    {
        // A bridge left behind by podman looks like this: an interface holding a subnet no podman network lists.
        // No dummy driver on every kernel: one end of a veth pair does as well.
        var dummy = "hltest-d" + _managedBy[^6..];
        var podman = Runtime(new PodmanOptions { SubnetPool = "10.97.40.0/23" });
        await HostCommand.RunAsync("ip", "link", "add", dummy, "type", "veth", "peer", "name", "hltest-p" + _managedBy[^6..]);
        try
        {
            await HostCommand.RunAsync("ip", "addr", "add", "10.97.40.1/24", "dev", dummy);

            var network = await podman.CreateNetworkAsync(new NetworkCreateRequest(_managedBy + "-host", Labels("host")), CancellationToken.None);

            Assert.Equal("10.97.41.0/24", network.Subnet);
        }
        finally
        {
            await HostCommand.RunAsync("ip", "link", "del", dummy);
        }
    }

    [Fact]
    public async Task A_subnet_taken_by_someone_else_since_the_last_listing_is_skipped_on_a_fresh_listing()
    {
        var podman = Runtime(new PodmanOptions { SubnetPool = "10.97.44.0/22" });
        var first = await podman.CreateNetworkAsync(new NetworkCreateRequest(_managedBy + "-a", Labels("a")), CancellationToken.None);
        // Behind the runtime's back, after it listed podman's networks: the next free subnet of the pool.
        await HostCommand.RunAsync("podman", "network", "create", "--label", $"{HomelabLabels.ManagedBy}={_managedBy}", "--subnet", "10.97.45.0/24", _managedBy + "-byhand");

        var second = await podman.CreateNetworkAsync(new NetworkCreateRequest(_managedBy + "-b", Labels("b")), CancellationToken.None);

        Assert.Equal(("10.97.44.0/24", "10.97.46.0/24"), (first.Subnet, second.Subnet));
    }

    [Fact]
    public async Task Networks_created_at_once_get_distinct_subnets()
    {
        var names = Enumerable.Range(0, 4).Select(i => $"{_managedBy}-par{i}").ToList();

        var networks = await Task.WhenAll(names.Select(n =>
            _podman.CreateNetworkAsync(new NetworkCreateRequest(n, Labels(n)) { BridgeName = PodmanNames.Bridge("hltest", n) }, CancellationToken.None)));

        Assert.Equal(4, networks.Select(n => n.Subnet).Distinct().Count());
        foreach (var network in networks)
        {
            Assert.Equal(network.Subnet, (await _podman.InspectNetworkAsync(network.Name, CancellationToken.None))!.Subnet);
        }
    }

    [Fact]
    public async Task A_container_runs_by_digest_on_its_network_publishes_its_port_and_streams_logs()
    {
        var name = _managedBy + "-web";
        var network = await _podman.CreateNetworkAsync(new NetworkCreateRequest(name, Labels("web")) { BridgeName = PodmanNames.Bridge("hltest", name) }, CancellationToken.None);
        var image = await _podman.PullImageAsync($"{PodmanHostFixture.Registry}/homelab/caddy:2.8", CancellationToken.None);
        var port = Loopback.FreePort();
        var spec = new ServiceSpec
        {
            Image = "unused",
            Env = [new EnvVar { Name = "PORT", Value = "8080" }],
            Ports = [new ServicePort { ContainerPort = 8080, HostPort = port, HostIP = "127.0.0.1" }],
        };

        var id = await _podman.CreateContainerAsync(
            new ContainerDefinition(name, "hltest", "web", $"{PodmanHostFixture.Registry}/homelab/caddy@{image.Digest}", network.Name, spec, Labels("web")),
            CancellationToken.None);
        await _podman.StartContainerAsync(id, CancellationToken.None);

        var container = await _podman.InspectContainerAsync(name, CancellationToken.None);
        Assert.NotNull(container);
        Assert.True(container.IsRunning);
        Assert.Equal(image.Digest, container.ImageDigest);
        Assert.StartsWith("10.93.", container.Addresses[network.Name], StringComparison.Ordinal);
        Assert.Matches("^[0-9a-f]{2}(:[0-9a-f]{2}){5}$", container.MacAddresses[network.Name]);
        var page = await Loopback.GetAsync(port);
        Assert.Contains("homelab/caddy:2.8", page, StringComparison.Ordinal);
        var logs = new List<string>();
        await foreach (var line in _podman.StreamLogsAsync(name, follow: false, tailLines: 50, CancellationToken.None))
        {
            logs.Add(line);
        }
        Assert.Contains(logs, l => l.Contains("response:200", StringComparison.Ordinal));

        await _podman.StopContainerAsync(name, TimeSpan.FromSeconds(5), CancellationToken.None);
        Assert.False((await _podman.InspectContainerAsync(name, CancellationToken.None))!.IsRunning);
    }

    [Fact]
    public async Task A_dual_stack_network_gives_its_container_both_addresses_and_it_answers_over_IPv6()
    {
        var dataDir = Directory.CreateTempSubdirectory("hltest-dual-");
        try
        {
            var podman = Runtime(new PodmanOptions { SubnetPool = "10.93.0.0/16", DataDir = dataDir.FullName });
            var serverName = _managedBy + "-six";
            var network = await podman.CreateNetworkAsync(new NetworkCreateRequest(serverName, Labels("six")) { BridgeName = PodmanNames.Bridge("hltest", serverName), Ipv6 = true }, CancellationToken.None);
            var prefix = IPNetwork.Parse((await File.ReadAllTextAsync(Path.Combine(dataDir.FullName, UniqueLocalPrefix.FileName))).Trim());
            Assert.StartsWith("10.93.", network.Subnet, StringComparison.Ordinal);
            Assert.NotNull(network.Subnet6);
            Assert.True(prefix.Contains(IPNetwork.Parse(network.Subnet6).BaseAddress));
            Assert.EndsWith("/64", network.Subnet6, StringComparison.Ordinal);
            // A second runtime on the same data directory keeps the prefix and takes another /64 of it.
            var clientName = _managedBy + "-six-client";
            var clientNetwork = await Runtime(new PodmanOptions { SubnetPool = "10.93.0.0/16", DataDir = dataDir.FullName })
                .CreateNetworkAsync(new NetworkCreateRequest(clientName, Labels("six-client")) { BridgeName = PodmanNames.Bridge("hltest", clientName), Ipv6 = true }, CancellationToken.None);
            Assert.True(prefix.Contains(IPNetwork.Parse(clientNetwork.Subnet6!).BaseAddress));
            Assert.NotEqual(network.Subnet6, clientNetwork.Subnet6);

            var image = await podman.PullImageAsync($"{PodmanHostFixture.Registry}/homelab/caddy:2.8", CancellationToken.None);
            var pinned = $"{PodmanHostFixture.Registry}/homelab/caddy@{image.Digest}";
            var address = ContainerAddress.For(network)!;
            var server = new ContainerDefinition(serverName, "hltest", "six", pinned, network.Name, new ServiceSpec { Image = "unused", Env = [new EnvVar { Name = "PORT", Value = "8080" }] }, Labels("six"))
            {
                Address = address,
            };
            await podman.RunContainerAsync(server, CancellationToken.None);
            var container = await podman.InspectContainerAsync(serverName, CancellationToken.None);
            Assert.Equal(address.Ip, container!.Addresses[network.Name]);
            Assert.Equal(address.Ip6, container.Addresses6[network.Name]);

            // Another Service's container, on a network of its own, reaches it by its IPv6 address.
            var client = new ContainerDefinition(clientName, "hltest", "six-client", pinned, clientNetwork.Name,
                new ServiceSpec { Image = "unused", Command = ["sleep", "600"] },
                Labels("six-client")) { Address = ContainerAddress.For(clientNetwork) };
            await podman.RunContainerAsync(client, CancellationToken.None);
            var answer = "";
            await Eventually.TrueAsync(async () =>
            {
                var result = await HostCommand.ExecAsync(["podman", "exec", clientName, "sh", "-c", $"printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 2 {address.Ip6} 8080"]);
                answer = result.StandardOutput;
                return answer.Contains("200 OK", StringComparison.Ordinal);
            }, TimeSpan.FromSeconds(20));
            Assert.Contains("homelab/caddy:2.8", answer, StringComparison.Ordinal);
        }
        finally
        {
            dataDir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_dual_stack_container_is_reachable_at_its_host_port_over_IPv6_from_the_lan()
    {
        var dataDir = Directory.CreateTempSubdirectory("hltest-hostport6-");
        // The LAN: a network namespace behind a veth pair, with a ULA /64 of the test's own between it and the host.
        var id = Guid.NewGuid().ToString("N")[..6];
        var (lan, hostEnd, lanEnd) = ($"hltest-lan-{id}", $"hltl{id}", $"hltn{id}");
        var hostAddress = $"fd{id[..2]}:{id[2..]}::1";
        try
        {
            await HostCommand.RunAsync("ip", "netns", "add", lan);
            await HostCommand.RunAsync("ip", "link", "add", hostEnd, "type", "veth", "peer", "name", lanEnd, "netns", lan);
            await HostCommand.RunAsync("ip", "addr", "add", hostAddress + "/64", "dev", hostEnd, "nodad");
            await HostCommand.RunAsync("ip", "link", "set", hostEnd, "up");
            await HostCommand.RunAsync("ip", "-n", lan, "addr", "add", $"fd{id[..2]}:{id[2..]}::2/64", "dev", lanEnd, "nodad");
            await HostCommand.RunAsync("ip", "-n", lan, "link", "set", lanEnd, "up");

            var podman = Runtime(new PodmanOptions { SubnetPool = "10.93.0.0/16", DataDir = dataDir.FullName });
            var name = _managedBy + "-port6";
            var network = await podman.CreateNetworkAsync(new NetworkCreateRequest(name, Labels("port6")) { BridgeName = PodmanNames.Bridge("hltest", name), Ipv6 = true }, CancellationToken.None);
            var image = await podman.PullImageAsync($"{PodmanHostFixture.Registry}/homelab/caddy:2.8", CancellationToken.None);
            var (everywhere, onlyThere) = (Loopback.FreePort(), Loopback.FreePort());
            var spec = new ServiceSpec
            {
                Image = "unused",
                Env = [new EnvVar { Name = "PORT", Value = "8080" }],
                Ports =
                [
                    new ServicePort { ContainerPort = 8080, HostPort = everywhere },
                    new ServicePort { ContainerPort = 8080, HostPort = onlyThere, HostIP = hostAddress },
                ],
            };
            await podman.RunContainerAsync(
                new ContainerDefinition(name, "hltest", "port6", $"{PodmanHostFixture.Registry}/homelab/caddy@{image.Digest}", network.Name, spec, Labels("port6")) { Address = ContainerAddress.For(network) },
                CancellationToken.None);

            await Eventually.TrueAsync(() => LanGetsAsync(lan, $"[{hostAddress}]:{everywhere}"), TimeSpan.FromSeconds(20));
            Assert.True(await LanGetsAsync(lan, $"[{hostAddress}]:{onlyThere}"));
            // hostIP binds the port to that address alone: not on IPv4.
            Assert.Contains("homelab/caddy:2.8", await Loopback.GetAsync(everywhere), StringComparison.Ordinal);
            Assert.False(await ConnectsAsync(IPAddress.Loopback, onlyThere));
        }
        finally
        {
            await HostCommand.ExecAsync(["ip", "link", "del", hostEnd]);
            await HostCommand.ExecAsync(["ip", "netns", "del", lan]);
            dataDir.Delete(recursive: true);
        }
    }

    private static async Task<bool> LanGetsAsync(string lan, string hostAndPort)
    {
        var result = await HostCommand.ExecAsync(["ip", "netns", "exec", lan, "curl", "-s", "-g", "-m", "2", $"http://{hostAndPort}/"]);
        return result.ExitCode == 0 && result.StandardOutput.Contains("homelab/caddy:2.8", StringComparison.Ordinal);
    }

    private static async Task<bool> ConnectsAsync(IPAddress address, int port)
    {
        using var client = new System.Net.Sockets.TcpClient(address.AddressFamily);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await client.ConnectAsync(address, port, timeout.Token);
            return true;
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or OperationCanceledException)
        {
            return false;
        }
    }

    [Theory]
    [InlineData("8080", HealthStates.Healthy)]
    [InlineData("8081", HealthStates.Unhealthy)]
    public async Task A_health_check_runs_its_command_and_reports_the_result(string probedPort, string expected)
    {
        var name = $"{_managedBy}-hc{probedPort}";
        var network = await _podman.CreateNetworkAsync(new NetworkCreateRequest(name, Labels("hc")) { BridgeName = PodmanNames.Bridge("hltest", name) }, CancellationToken.None);
        var image = await _podman.PullImageAsync($"{PodmanHostFixture.Registry}/homelab/caddy:2.8", CancellationToken.None);
        var spec = new ServiceSpec
        {
            Image = "unused",
            Env = [new EnvVar { Name = "PORT", Value = "8080" }],
            HealthCheck = new HealthCheck { Command = ["/bin/busybox", "wget", "-q", "-O", "/dev/null", $"http://127.0.0.1:{probedPort}/"], Retries = 1 },
        };
        var id = await _podman.CreateContainerAsync(
            new ContainerDefinition(name, "hltest", "hc", $"{PodmanHostFixture.Registry}/homelab/caddy@{image.Digest}", network.Name, spec, Labels("hc")),
            CancellationToken.None);
        await _podman.StartContainerAsync(id, CancellationToken.None);

        // httpd needs a moment to listen: probe a bounded number of times until the state settles on the expected one.
        var health = "";
        for (var attempt = 0; attempt < 20 && health != expected; attempt++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(250));
            await _podman.RunHealthCheckAsync(name, CancellationToken.None);
            health = (await _podman.InspectContainerAsync(name, CancellationToken.None))!.Health;
        }

        Assert.Equal(expected, health);
    }

    [Fact]
    public async Task A_tag_moved_by_hand_is_seen_once_the_resolved_image_expires()
    {
        var podman = Runtime(new PodmanOptions { ImageResolveLifetime = TimeSpan.FromSeconds(2) });
        var moving = $"localhost/{_managedBy}/moving:1";
        var caddy = $"{PodmanHostFixture.Registry}/homelab/caddy:2.8";
        await podman.PullImageAsync(caddy, CancellationToken.None);
        await HostCommand.RunAsync("podman", "tag", caddy, moving);
        try
        {
            var before = await podman.PullImageAsync(moving, CancellationToken.None);
            await HostCommand.RunAsync("podman", "tag", "localhost/homelab/busybox:1", moving);

            var soon = await podman.PullImageAsync(moving, CancellationToken.None);
            await Task.Delay(TimeSpan.FromSeconds(2.5));
            var later = await podman.PullImageAsync(moving, CancellationToken.None);

            Assert.Equal(before.Id, soon.Id);
            Assert.NotEqual(before.Id, later.Id);
            Assert.Equal((await podman.InspectImageAsync("localhost/homelab/busybox:1", CancellationToken.None))!.Id, later.Id);
        }
        finally
        {
            // The image keeps its other names: this only takes the test's name away.
            await HostCommand.RunAsync("podman", "rmi", "--ignore", moving);
        }
    }

    [Fact]
    public async Task A_container_that_exits_by_itself_is_reported_as_died_with_its_labels_and_stays_down()
    {
        var name = _managedBy + "-exit";
        var network = await _podman.CreateNetworkAsync(new NetworkCreateRequest(name, Labels("exit")) { BridgeName = PodmanNames.Bridge("hltest", name) }, CancellationToken.None);
        var image = await _podman.PullImageAsync($"{PodmanHostFixture.Registry}/homelab/caddy:2.8", CancellationToken.None);
        var spec = new ServiceSpec { Image = "unused", Command = ["/bin/busybox", "sh", "-c", "sleep 1; exit 3"] };
        using var watching = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var events = new List<ContainerEvent>();
        var watch = Task.Run(async () =>
        {
            await foreach (var e in _podman.WatchContainerEventsAsync(HomelabLabels.Managed(_managedBy), watching.Token))
            {
                events.Add(e);
                if (e.Status == ContainerEventStatuses.Died)
                {
                    return;
                }
            }
        });
        // podman events only reports what happens after it opened its log: give it that moment.
        await Task.Delay(TimeSpan.FromSeconds(1));

        await _podman.RunContainerAsync(
            new ContainerDefinition(name, "hltest", "exit", $"{PodmanHostFixture.Registry}/homelab/caddy@{image.Digest}", network.Name, spec, Labels("exit")),
            CancellationToken.None);
        await watch.WaitAsync(watching.Token);

        var died = events.Single(e => e.Status == ContainerEventStatuses.Died);
        Assert.Equal((name, "exit"), (died.Name, died.Label(HomelabLabels.Name)));
        // --restart=no: podman leaves the restart to the Service controller.
        await Task.Delay(TimeSpan.FromSeconds(1));
        var container = (await _podman.InspectContainerAsync(name, CancellationToken.None))!;
        Assert.Equal((ContainerStates.Exited, 3, 0), (container.State, container.ExitCode, container.RestartCount));
        Assert.True(container.FinishedAt - container.StartedAt >= TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task A_container_whose_pids_podman_did_not_report_is_judged_by_the_oci_runtimes_own_state()
    {
        var name = _managedBy + "-oci";
        var network = await _podman.CreateNetworkAsync(new NetworkCreateRequest(name, Labels("oci")) { BridgeName = PodmanNames.Bridge("hltest", name) }, CancellationToken.None);
        var image = await _podman.PullImageAsync($"{PodmanHostFixture.Registry}/homelab/caddy:2.8", CancellationToken.None);
        var spec = new ServiceSpec { Image = "unused", Command = ["/bin/busybox", "sleep", "100000"] };
        await _podman.RunContainerAsync(
            new ContainerDefinition(name, "hltest", "oci", $"{PodmanHostFixture.Registry}/homelab/caddy@{image.Digest}", network.Name, spec, Labels("oci")),
            CancellationToken.None);
        var running = (await _podman.InspectContainerAsync(name, CancellationToken.None))!;
        var withoutPids = running with { Pid = 0, ConmonPid = 0 };
        try
        {
            Assert.True(await _podman.IsAliveAsync(withoutPids, CancellationToken.None));

            // conmon first, so that nothing tells podman: it keeps calling the container running.
            await HostCommand.RunAsync("kill", "-9", running.ConmonPid.ToString(System.Globalization.CultureInfo.InvariantCulture));
            await HostCommand.RunAsync("kill", "-9", running.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture));

            Assert.True((await _podman.InspectContainerAsync(name, CancellationToken.None))!.IsRunning);
            Assert.False(await _podman.IsAliveAsync(withoutPids, CancellationToken.None));
            Assert.False(await _podman.IsAliveAsync(running, CancellationToken.None));
        }
        finally
        {
            // The OCI runtime keeps the state of a container whose conmon died even after podman removed it.
            await HostCommand.ExecAsync(["podman", "rm", "--force", name]);
            await HostCommand.ExecAsync([running.OciRuntime ?? "runc", "delete", "--force", running.Id]);
        }
    }

    [Fact]
    public async Task Missing_objects_read_as_null_and_removing_them_is_not_an_error()
    {
        Assert.Null(await _podman.InspectContainerAsync(_managedBy + "-none", CancellationToken.None));
        Assert.Null(await _podman.InspectNetworkAsync(_managedBy + "-none", CancellationToken.None));
        Assert.Null(await _podman.InspectImageAsync("localhost/hltest/none:1", CancellationToken.None));
        await _podman.RemoveContainerAsync(_managedBy + "-none", CancellationToken.None);
        await _podman.RemoveNetworkAsync(_managedBy + "-none", CancellationToken.None);
        await _podman.RemoveVolumeAsync(_managedBy + "-none", CancellationToken.None);
    }

    [Fact]
    public async Task Pulling_a_tag_the_registry_lacks_fails_with_podmans_reason()
    {
        var error = await Assert.ThrowsAsync<PodmanException>(() => _podman.PullImageAsync($"{PodmanHostFixture.Registry}/homelab/caddy:does-not-exist", CancellationToken.None));

        Assert.Contains("manifest unknown", error.PodmanError, StringComparison.OrdinalIgnoreCase);
    }

    private Dictionary<string, string> Labels(string name) => HomelabLabels.For("hltest", name, "uid-" + name, _managedBy);
}
