using Homelab.Controllers.Images;
using Homelab.Api.Meta;
using Homelab.Api.Resources;
using Homelab.Controllers.Services;
using Homelab.Podman;
using Homelab.TestKit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit;

namespace Homelab.Controllers.Tests.Services;

/// <summary>
/// The controller against real Podman (setup-host.sh and tests/images/build.sh run once by the fixture). Every object
/// carries a unique managed-by label and namespace, and is removed afterwards even when a test fails.
/// </summary>
[Collection(ServiceHostCollection.Name)]
[Trait("Category", "Integration")]
public sealed class ServiceControllerIntegrationTests : IAsyncLifetime
{
    private const string Image = "127.0.0.1:5000/homelab/caddy:2.8";

    private readonly string _managedBy = "hltest-" + Guid.NewGuid().ToString("N")[..8];
    private readonly string _ns;
    private readonly string _dataDir = Directory.CreateTempSubdirectory("hltest-svc-").FullName;
    private readonly IContainerRuntime _podman;
    private readonly RecordingRuntime _recorder;
    /// <summary>A new container is Ready after it ran for minReadySeconds (1 s by default): the fake clock moves that far.</summary>
    private static readonly TimeSpan MinReady = TimeSpan.FromSeconds(1);
    private readonly OperatorTestHost _host;

    public ServiceControllerIntegrationTests()
    {
        _ns = _managedBy;
        var services = new ServiceCollection().AddLogging().AddHomelabPodman(Configure).BuildServiceProvider();
        _podman = services.GetRequiredService<IContainerRuntime>();
        _recorder = new RecordingRuntime(_podman);
        _host = new OperatorTestHost(op => op.AddServiceController(Configure), s => s.AddSingleton<IContainerRuntime>(_recorder));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await PodmanLeftovers.RemoveAsync(_podman, _managedBy);
        Directory.Delete(_dataDir, recursive: true);
    }

    [Fact]
    public async Task Apply_serves_on_the_published_port_and_reapplying_writes_nothing_to_podman()
    {
        var port = Loopback.FreePort();
        await _host.ApplyAsync(Web("web", port));
        await _host.RunUntilIdleAsync(MinReady);

        Assert.Contains("homelab/caddy:2.8", await Loopback.GetAsync(port), StringComparison.Ordinal);
        var web = _host.Get<Service>(_ns, "web")!;
        Assert.Equal(ConditionStatus.True, web.Status!.GetCondition(ConditionTypes.Ready)!.Status);
        Assert.StartsWith("10.9", web.Status.Ip, StringComparison.Ordinal);
        Assert.Matches("^[0-9a-f]{2}(:[0-9a-f]{2}){5}$", web.Status.Mac);
        // The pool hands out /24s whose first address is the gateway.
        Assert.Equal(web.Status.Subnet![..^"0/24".Length] + "1", web.Status.Gateway);
        Assert.Equal(PodmanNames.Bridge(_ns, "web"), web.Status.Interface);
        // Status is written without asking podman after the start: what it says must be what podman did.
        var container = (await _podman.InspectContainerAsync(PodmanNames.Container(_ns, "web"), CancellationToken.None))!;
        Assert.Equal(container.Id, web.Status.ContainerID);
        Assert.Equal(web.Status.Ip, container.Addresses[web.Status.Network!]);
        Assert.Equal(web.Status.Mac, container.MacAddresses[web.Status.Network!]);
        // Dual stack by default: the IPv6 address status names is the one podman set, in the IPv6 subnet it names.
        Assert.Equal([web.Status.Ip!, container.Addresses6[web.Status.Network!]], web.Status.Ips!);
        Assert.True(System.Net.IPNetwork.Parse(web.Status.Subnets![1]).Contains(System.Net.IPAddress.Parse(web.Status.Ips![1])));
        _recorder.Writes.Clear();

        await _host.ApplyAsync(Web("web", port));
        _host.Resync();
        await _host.RunUntilIdleAsync();

        Assert.Empty(_recorder.Writes);
        Assert.Equal(web.Metadata.ResourceVersion, _host.Get<Service>(_ns, "web")!.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task Changing_env_replaces_exactly_one_container()
    {
        var (webPort, dbPort) = (Loopback.FreePort(), Loopback.FreePort());
        await _host.ApplyAsync(Web("web", webPort));
        await _host.ApplyAsync(Web("db", dbPort));
        await _host.RunUntilIdleAsync();
        var before = await ContainerIdsAsync();
        var addressBefore = _host.Get<Service>(_ns, "web")!.Status!.Ip;
        _recorder.Writes.Clear();

        var changed = Web("web", webPort);
        changed.Spec.Env!.Add(new EnvVar { Name = "TZ", Value = "Europe/Berlin" });
        await _host.ApplyAsync(changed);
        await _host.RunUntilIdleAsync();

        var after = await ContainerIdsAsync();
        Assert.Equal(before["db"], after["db"]);
        Assert.NotEqual(before["web"], after["web"]);
        Assert.Equal(2, after.Count);
        Assert.Equal([$"create {PodmanNames.ReplacementContainer(_ns, "web")}"], _recorder.Writes.Where(w => w.StartsWith("create ", StringComparison.Ordinal)));
        Assert.Contains("homelab/caddy:2.8", await Loopback.GetAsync(webPort), StringComparison.Ordinal);
        // The replacement takes over the address the firewall already knows.
        var replaced = (await _podman.InspectContainerAsync(after["web"], CancellationToken.None))!;
        Assert.Equal(addressBefore, replaced.Addresses[PodmanNames.Network(_ns, "web")]);
        Assert.Equal(addressBefore, _host.Get<Service>(_ns, "web")!.Status!.Ip);
    }

    [Fact]
    public async Task A_container_removed_by_hand_is_recreated_on_resync()
    {
        var port = Loopback.FreePort();
        await _host.ApplyAsync(Web("web", port));
        await _host.RunUntilIdleAsync();

        await _podman.RemoveContainerAsync(PodmanNames.Container(_ns, "web"), CancellationToken.None);
        _host.Resync();
        await _host.RunUntilIdleAsync();

        Assert.Contains("homelab/caddy:2.8", await Loopback.GetAsync(port), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_network_removed_by_hand_is_recreated_with_its_bridge_on_resync()
    {
        var port = Loopback.FreePort();
        await _host.ApplyAsync(Web("web", port));
        await _host.RunUntilIdleAsync();

        // Forced, as a user would have to: podman refuses to remove a network a container still uses.
        await _podman.RemoveNetworkAsync(PodmanNames.Network(_ns, "web"), CancellationToken.None);
        Assert.Null(await _podman.InspectNetworkAsync(PodmanNames.Network(_ns, "web"), CancellationToken.None));
        _host.Resync();
        await _host.RunUntilIdleAsync();

        var network = await _podman.InspectNetworkAsync(PodmanNames.Network(_ns, "web"), CancellationToken.None);
        Assert.Equal(PodmanNames.Bridge(_ns, "web"), network?.BridgeName);
        Assert.Contains("homelab/caddy:2.8", await Loopback.GetAsync(port), StringComparison.Ordinal);
        Assert.Equal(network!.BridgeName, _host.Get<Service>(_ns, "web")!.Status!.Interface);
    }

    [Fact]
    public async Task An_extra_macvlan_network_gives_the_container_its_fixed_lan_address()
    {
        // One end of a veth pair stands in for the LAN card (this kernel has no dummy links): nothing leaves this host.
        var parent = "hld" + _managedBy[^8..];
        await ShellAsync("ip", "link", "add", parent, "type", "veth", "peer", "name", "hle" + _managedBy[^8..]);
        try
        {
            await ShellAsync("ip", "link", "set", parent, "up");
            var web = Web("web", Loopback.FreePort());
            web.Spec.ExtraNetworks = [new ExtraNetwork { Name = "lan", Driver = "macvlan", Parent = parent, Subnet = "192.168.251.0/24", Gateway = "192.168.251.1", Ip = "192.168.251.40" }];
            await _host.ApplyAsync(web);
            await _host.RunUntilIdleAsync();

            var lan = PodmanNames.ExtraNetwork(_ns, "web", "lan");
            var container = await _podman.InspectContainerAsync(PodmanNames.Container(_ns, "web"), CancellationToken.None);
            Assert.True(container!.IsRunning);
            Assert.Equal("192.168.251.40", container.Addresses[lan]);
            Assert.StartsWith("10.94.", container.Addresses[PodmanNames.Network(_ns, "web")], StringComparison.Ordinal);
            Assert.Equal("macvlan", (await _podman.InspectNetworkAsync(lan, CancellationToken.None))!.Driver);

            await _host.DeleteAsync<Service>(_ns, "web");
            await _host.RunUntilIdleAsync();
            Assert.Null(await _podman.InspectNetworkAsync(lan, CancellationToken.None));
        }
        finally
        {
            await ShellAsync("ip", "link", "del", parent);
        }
    }

    [Fact]
    public async Task A_replacement_that_cannot_start_or_be_pulled_leaves_the_old_container_serving()
    {
        var port = Loopback.FreePort();
        await _host.ApplyAsync(Web("web", port));
        await _host.RunUntilIdleAsync();
        var oldId = (await ContainerIdsAsync())["web"];

        var crashing = Web("web", port);
        crashing.Spec.Command = ["/bin/false"];
        await _host.ApplyAsync(crashing);
        await _host.RunUntilIdleAsync();

        var ready = _host.Get<Service>(_ns, "web")!.Status!.GetCondition(ConditionTypes.Ready)!;
        Assert.Equal((ConditionStatus.False, ServiceReasons.StartFailed), (ready.Status, ready.Reason));
        Assert.Equal(oldId, Assert.Single(await ContainerIdsAsync()).Value);
        Assert.Contains("homelab/caddy:2.8", await Loopback.GetAsync(port), StringComparison.Ordinal);

        await _host.ApplyAsync(Web("web", port, image: "127.0.0.1:5000/homelab/caddy:no-such-tag"));
        await _host.RunUntilIdleAsync();

        ready = _host.Get<Service>(_ns, "web")!.Status!.GetCondition(ConditionTypes.Ready)!;
        Assert.Equal((ConditionStatus.False, ServiceReasons.ImagePullFailed), (ready.Status, ready.Reason));
        Assert.Contains("manifest unknown", ready.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(oldId, Assert.Single(await ContainerIdsAsync()).Value);
        Assert.Contains("homelab/caddy:2.8", await Loopback.GetAsync(port), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_first_start_that_fails_reports_podmans_reason_and_leaves_no_container()
    {
        // Something else holds the host port: podman creates the container, then cannot start it.
        using var squatter = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        squatter.Start();
        var port = ((System.Net.IPEndPoint)squatter.LocalEndpoint).Port;
        await _host.ApplyAsync(Web("web", port));

        await _host.RunUntilIdleAsync();

        var ready = _host.Get<Service>(_ns, "web")!.Status!.GetCondition(ConditionTypes.Ready)!;
        Assert.Equal((ConditionStatus.False, ServiceReasons.StartFailed), (ready.Status, ready.Reason));
        Assert.Contains("address already in use", ready.Message, StringComparison.Ordinal);
        Assert.Contains("change spec.ports[].hostPort", ready.Message, StringComparison.Ordinal);
        Assert.Empty(await _podman.ListContainersAsync(HomelabLabels.Managed(_managedBy), CancellationToken.None));
    }

    [Fact]
    public async Task Delete_removes_container_and_network_and_keeps_the_volume_with_its_data()
    {
        var web = Web("web", Loopback.FreePort());
        web.Spec.Volumes = [new VolumeMount { Name = "data", MountPath = "/data" }];
        web.Spec.Command = ["/bin/sh", "-c", "echo kept > /data/file && exec /bin/httpd -f -p 8080 -h /srv"];
        await _host.ApplyAsync(web);
        await _host.RunUntilIdleAsync(MinReady);
        Assert.Equal(ConditionStatus.True, _host.Get<Service>(_ns, "web")!.Status!.GetCondition(ConditionTypes.Ready)!.Status);

        await _host.DeleteAsync<Service>(_ns, "web");
        await _host.RunUntilIdleAsync();

        Assert.Null(_host.Get<Service>(_ns, "web"));
        Assert.Empty(await _podman.ListContainersAsync(HomelabLabels.Managed(_managedBy), CancellationToken.None));
        Assert.Null(await _podman.InspectNetworkAsync(PodmanNames.Network(_ns, "web"), CancellationToken.None));
        var volume = Assert.Single(await _podman.ListVolumesAsync(HomelabLabels.Managed(_managedBy), CancellationToken.None));
        Assert.Equal(PodmanNames.Volume(_ns, "web", "data"), volume.Name);
        Assert.Equal("kept\n", await File.ReadAllTextAsync(Path.Combine(volume.Mountpoint, "file")));
    }

    [Fact]
    public async Task A_stale_ipam_allocation_left_by_a_killed_podman_start_is_cleared_by_rebuilding_the_network()
    {
        var service = TestResources.Service("ipam", _ns, Image);
        service.Spec.Command = ["/bin/busybox", "sh", "-c", "echo kept > /data/file; exec sleep 100000"];
        service.Spec.StopGracePeriod = "1s";
        service.Spec.Volumes = [new VolumeMount { Name = "data", MountPath = "/data" }];
        await _host.ApplyAsync(service);
        await _host.RunUntilIdleAsync(MinReady);
        var before = _host.Get<Service>(_ns, "ipam")!.Status!;
        // An unclean teardown: the container is gone, and netavark still holds its address for one that no longer exists.
        await _podman.RemoveContainerAsync(before.ContainerID!, CancellationToken.None);
        var ghost = await LeakAllocationAsync(before.Network!, before.Ip!);

        _host.Resync();
        await _host.RunUntilIdleAsync(TimeSpan.FromMinutes(2));

        var after = _host.Get<Service>(_ns, "ipam")!;
        Assert.Equal(ConditionStatus.True, after.Status!.GetCondition(ConditionTypes.Ready)!.Status);
        var events = _host.EventsFor(after);
        // Retried once as it was (it might have passed by itself), then repaired with an event naming what and why.
        Assert.Contains(events, e => e.Reason == ServiceReasons.StartFailed && e.Count == 2 && e.Message.Contains($"already allocated to container ID {ghost}", StringComparison.Ordinal));
        var repaired = Assert.Single(events, e => e.Reason == ServiceRepair.Reason);
        Assert.Contains(ghost[..12], repaired.Message, StringComparison.Ordinal);
        // The allocation outlives `podman network rm` under the network's name and subnet: the network moved.
        Assert.NotEqual(before.Subnet, after.Status.Subnet);
        var container = (await _podman.InspectContainerAsync(after.Status.ContainerID!, CancellationToken.None))!;
        Assert.True(container.IsRunning);
        var volume = Assert.Single(await _podman.ListVolumesAsync(HomelabLabels.Managed(_managedBy), CancellationToken.None));
        Assert.Equal("kept\n", await File.ReadAllTextAsync(Path.Combine(volume.Mountpoint, "file")));
    }

    /// <summary>
    /// A real way to leave netavark's IPAM holding an address: `podman start` SIGKILLed after it allocated the address and
    /// before it set up the network, then the container removed (with no network to tear down, nothing frees it). The
    /// kill's moment varies with the machine's load, so a few are tried; a probe container says when it worked.
    /// </summary>
    private async Task<string> LeakAllocationAsync(string network, string ip)
    {
        var name = $"{_ns}-ghost";
        foreach (var delay in new[] { 150, 200, 250, 300, 400, 600, 100 })
        {
            var id = (await HostCommand.RunAsync("podman", "create", "--name", name, "--network", network, "--ip", ip, Image, "/bin/busybox", "sleep", "100000")).Trim();
            using (var start = System.Diagnostics.Process.Start("podman", ["start", name]))
            {
                await Task.Delay(delay);
                start.Kill();
                await start.WaitForExitAsync();
            }
            await HostCommand.ExecAsync(["podman", "rm", "--force", name]);
            var probe = await HostCommand.ExecAsync(["podman", "run", "--rm", "--network", network, "--ip", ip, Image, "/bin/true"]);
            if (probe.StandardError.Contains($"already allocated to container ID {id}", StringComparison.Ordinal))
            {
                return id;
            }
        }
        throw new InvalidOperationException($"could not leave an IPAM allocation behind on {network}");
    }

    [Fact]
    public async Task A_restarted_controller_recreates_nothing()
    {
        await _host.ApplyAsync(Web("web", Loopback.FreePort()));
        await _host.RunUntilIdleAsync();
        var before = await ContainerIdsAsync();
        var afterRestart = new RecordingRuntime(_podman);
        var controller = ServiceControllerFactory.Create(afterRestart, _host.Client, TestOptions());

        var result = await controller.ReconcileAsync(_host.Get<Service>(_ns, "web")!, CancellationToken.None);

        Assert.True(result.IsSuccess);
        Assert.Empty(afterRestart.Writes);
        Assert.Equal(before, await ContainerIdsAsync());
    }

    private void Configure(PodmanOptions options)
    {
        options.ManagedBy = _managedBy;
        options.DataDir = _dataDir;
        options.SubnetPool = "10.94.0.0/16";
    }

    private PodmanOptions TestOptions()
    {
        var options = new PodmanOptions();
        Configure(options);
        return options;
    }

    private Service Web(string name, int port, string image = Image)
    {
        var service = TestResources.Service(name, _ns, image);
        service.Spec.Env = [new EnvVar { Name = "PORT", Value = "8080" }];
        service.Spec.Ports = [new ServicePort { ContainerPort = 8080, HostPort = port, HostIP = "127.0.0.1" }];
        service.Spec.StopGracePeriod = "2s";
        return service;
    }

    private async Task<Dictionary<string, string>> ContainerIdsAsync() =>
        (await _podman.ListContainersAsync(HomelabLabels.Managed(_managedBy), CancellationToken.None))
            .ToDictionary(c => c.Labels[HomelabLabels.Name], c => c.Id);

    private static async Task ShellAsync(string program, params string[] args)
    {
        var info = new System.Diagnostics.ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        using var process = System.Diagnostics.Process.Start(info)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var error = await process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', args)}: {error}");
    }
}
