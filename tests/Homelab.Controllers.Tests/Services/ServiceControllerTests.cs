using Xunit;
using Homelab.Api.Meta;
using Homelab.Api.Resources;
using Homelab.Controllers.Services;
using Homelab.Operator;
using Homelab.Podman;
using Homelab.TestKit;
using Microsoft.Extensions.DependencyInjection;

namespace Homelab.Controllers.Tests.Services;

public sealed class ServiceControllerTests : IAsyncLifetime
{
    private const string Image = "127.0.0.1:5000/homelab/caddy:2.8";
    private const string Digest = "sha256:1111111111111111111111111111111111111111111111111111111111111111";
    private const string MovedDigest = "sha256:3333333333333333333333333333333333333333333333333333333333333333";
    private const string BrokenDigest = "sha256:2222222222222222222222222222222222222222222222222222222222222222";

    private readonly FakeContainerRuntime _podman = new();
    private readonly string _dataDir = Directory.CreateTempSubdirectory("hltest-svc-").FullName;
    /// <summary>A new container is Ready after it ran for minReadySeconds (1 s by default): the fake clock moves that far.</summary>
    private static readonly TimeSpan MinReady = TimeSpan.FromSeconds(1);
    private readonly OperatorTestHost _host;

    public ServiceControllerTests()
    {
        _podman.ImageDigests[Image] = Digest;
        _host = new OperatorTestHost(
            op => op.AddServiceController(o =>
            {
                o.DataDir = _dataDir;
                o.SubUidFile = Path.Combine(_dataDir, "no-subuid");
            }),
            services => services.AddSingleton<IContainerRuntime>(_podman));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        Directory.Delete(_dataDir, recursive: true);
    }

    [Fact]
    public async Task After_a_restart_a_stored_status_is_Unknown_until_the_first_observation_which_makes_it_Ready_again()
    {
        await _host.ApplyAsync(Web());
        await _host.RunUntilIdleAsync(MinReady);
        var atStart = _host.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<ServiceStatusAtStart>().Single();

        await atStart.StartAsync(CancellationToken.None);

        var stored = _host.Get<Service>("default", "web")!.Status!;
        Assert.Equal((ConditionStatus.Unknown, ServiceStatusAtStart.Reason), (stored.GetCondition(ConditionTypes.Ready)!.Status, stored.GetCondition(ConditionTypes.Ready)!.Reason));
        Assert.Equal(ConditionStatus.Unknown, stored.GetCondition(ConditionTypes.Available)!.Status);
        _host.Resync();
        await _host.RunUntilIdleAsync();
        // The container has run for long since its start: no new minReadySeconds window.
        Assert.Equal(ConditionStatus.True, _host.Get<Service>("default", "web")!.Status!.GetCondition(ConditionTypes.Ready)!.Status);
    }

    [Fact]
    public void Stored_statuses_are_marked_Unknown_before_the_controller_starts()
    {
        var hosted = _host.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().ToList();

        var atStart = hosted.FindIndex(h => h is ServiceStatusAtStart);
        var controller = hosted.FindIndex(h => h.GetType().GenericTypeArguments.Contains(typeof(ServiceController)));
        Assert.InRange(atStart, 0, controller - 1);
    }

    [Fact]
    public async Task Apply_creates_a_network_and_a_running_container_pinned_to_the_digest()
    {
        await _host.ApplyAsync(Web());
        await _host.RunUntilIdleAsync(MinReady);

        var network = Assert.Single(_podman.Networks);
        Assert.Equal("hl-default-web", network.Name);
        Assert.Equal(PodmanNames.Bridge("default", "web"), network.BridgeName);
        var container = Assert.Single(_podman.Containers);
        Assert.Equal("hl-default-web", container.Name);
        Assert.True(container.IsRunning);
        Assert.Equal($"127.0.0.1:5000/homelab/caddy@{Digest}", Assert.Single(_podman.Created).PinnedImage);

        var web = _host.Get<Service>("default", "web")!;
        Assert.Equal(container.Id, web.Status!.ContainerID);
        Assert.Equal(Digest, web.Status.ImageDigest);
        Assert.Equal("hl-default-web", web.Status.Network);
        Assert.Equal(network.BridgeName, web.Status.Interface);
        Assert.Equal("10.91.0.2", web.Status.Ip);
        Assert.Equal("02:42:0a:5b:00:02", web.Status.Mac);
        Assert.Equal(ContainerAddress.For(network), Assert.Single(_podman.Created).Address);
        Assert.Equal((web.Status.Ip, web.Status.Mac), (ContainerAddress.For(network)!.Ip, ContainerAddress.For(network)!.Mac));
        Assert.NotNull(ContainerAddress.For(network)!.Ip6);
        Assert.Equal((network.Subnet, network.Gateway), (web.Status.Subnet, web.Status.Gateway));
        Assert.Equal([network.Subnet!, network.Subnet6!], web.Status.Subnets!);
        Assert.Equal(["10.91.0.2", Assert.Single(_podman.Created).Address!.Ip6!], web.Status.Ips!);
        Assert.Equal(ConditionStatus.True, web.Status.GetCondition(ConditionTypes.Ready)!.Status);
        Assert.Equal(ServiceReasons.UpToDate, web.Status.GetCondition(ConditionTypes.Progressing)!.Reason);
        Assert.Equal(web.Generation, web.Status.ObservedGeneration);
    }

    [Fact]
    public async Task Reconciling_an_unchanged_service_writes_nothing_to_podman_or_the_store()
    {
        await _host.ApplyAsync(Web());
        await _host.RunUntilIdleAsync(MinReady);
        var version = _host.Get<Service>("default", "web")!.Metadata.ResourceVersion;
        _podman.Writes.Clear();

        _host.Resync();
        var reconciles = await _host.RunUntilIdleAsync();

        Assert.True(reconciles > 0);
        Assert.Empty(_podman.Writes);
        Assert.Equal(version, _host.Get<Service>("default", "web")!.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task Changing_env_replaces_exactly_one_container_new_before_old_goes()
    {
        await _host.ApplyAsync(Web());
        await _host.ApplyAsync(Web("db"));
        await _host.RunUntilIdleAsync();
        var oldId = _podman.ContainerNamed("hl-default-web")!.Id;
        var dbId = _podman.ContainerNamed("hl-default-db")!.Id;
        _podman.Writes.Clear();

        var changed = Web();
        changed.Spec.Env = [new EnvVar { Name = "TZ", Value = "Europe/Berlin" }];
        await _host.ApplyAsync(changed);
        await _host.RunUntilIdleAsync();

        Assert.Equal(
            [$"pull {Image}@{Digest}", "create hl-default-web-next", "stop hl-default-web", "start hl-default-web-next", "rm hl-default-web", "rename hl-default-web-next hl-default-web"],
            _podman.Writes);
        var web = _podman.ContainerNamed("hl-default-web")!;
        Assert.NotEqual(oldId, web.Id);
        Assert.True(web.IsRunning);
        Assert.Equal(dbId, _podman.ContainerNamed("hl-default-db")!.Id);
        Assert.Equal(web.Id, _host.Get<Service>("default", "web")!.Status!.ContainerID);
        Assert.Contains(_host.EventsFor(changed), e => e.Reason == ServiceReasons.Replaced);
    }

    [Fact]
    public async Task A_replacement_that_exits_at_once_is_removed_and_the_old_container_serves_again()
    {
        await _host.ApplyAsync(Web());
        await _host.RunUntilIdleAsync();
        var oldId = _podman.ContainerNamed("hl-default-web")!.Id;
        _podman.ImageDigests["127.0.0.1:5000/homelab/caddy:broken"] = BrokenDigest;
        _podman.CrashingDigests.Add(BrokenDigest);

        await _host.ApplyAsync(Web(image: "127.0.0.1:5000/homelab/caddy:broken"));
        await _host.RunUntilIdleAsync();

        var serving = Assert.Single(_podman.Containers);
        Assert.Equal(oldId, serving.Id);
        Assert.True(serving.IsRunning);
        var ready = _host.Get<Service>("default", "web")!.Status!.GetCondition(ConditionTypes.Ready)!;
        Assert.Equal(ConditionStatus.False, ready.Status);
        Assert.Equal(ServiceReasons.StartFailed, ready.Reason);
        Assert.Contains("/bin/app", ready.Message, StringComparison.Ordinal);
        Assert.Contains(_host.Events, e => e.Type == EventTypes.Warning && e.Reason == ServiceReasons.StartFailed);
    }

    [Fact]
    public async Task A_rolled_back_change_is_reported_once_as_progressing_false_rolled_back_with_the_old_spec_available()
    {
        await _host.ApplyAsync(Web());
        await _host.RunUntilIdleAsync(MinReady);
        _podman.ImageDigests["127.0.0.1:5000/homelab/caddy:broken"] = BrokenDigest;
        _podman.CrashingDigests.Add(BrokenDigest);

        await _host.ApplyAsync(Web(image: "127.0.0.1:5000/homelab/caddy:broken"));
        await _host.RunUntilIdleAsync();

        var web = _host.Get<Service>("default", "web")!;
        var progressing = web.Status!.GetCondition(ConditionTypes.Progressing)!;
        Assert.Equal((ConditionStatus.False, ServiceReasons.RolledBack, web.Generation), (progressing.Status, progressing.Reason, progressing.ObservedGeneration));
        Assert.Contains("still serves", progressing.Message, StringComparison.Ordinal);
        Assert.Contains(Image, progressing.Message, StringComparison.Ordinal);
        var available = web.Status.GetCondition(ConditionTypes.Available)!;
        Assert.Equal((ConditionStatus.True, ServiceReasons.PreviousSpecServes), (available.Status, available.Reason));
        Assert.Equal((ConditionStatus.False, ServiceReasons.StartFailed), (web.Status.GetCondition(ConditionTypes.Ready)!.Status, web.Status.GetCondition(ConditionTypes.Ready)!.Reason));
        // One failed attempt is one event, counted once: the framework reports it, the controller does not repeat it.
        var failed = Assert.Single(_host.EventsFor(web), e => e.Reason == ServiceReasons.StartFailed);
        Assert.Equal(1, failed.Count);
    }

    [Fact]
    public async Task A_replacement_that_podman_keeps_restarting_counts_as_not_started_and_the_old_container_serves()
    {
        await _host.ApplyAsync(Web());
        await _host.RunUntilIdleAsync();
        var oldId = _podman.ContainerNamed("hl-default-web")!.Id;
        _podman.ImageDigests["127.0.0.1:5000/homelab/caddy:looping"] = BrokenDigest;
        _podman.CrashLoopingDigests.Add(BrokenDigest);

        await _host.ApplyAsync(Web(image: "127.0.0.1:5000/homelab/caddy:looping"));
        await _host.RunUntilIdleAsync();

        var serving = Assert.Single(_podman.Containers);
        Assert.Equal((oldId, true), (serving.Id, serving.IsRunning));
        var ready = _host.Get<Service>("default", "web")!.Status!.GetCondition(ConditionTypes.Ready)!;
        Assert.Equal((ConditionStatus.False, ServiceReasons.StartFailed), (ready.Status, ready.Reason));
        Assert.Contains("restarted 2 time(s)", ready.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_image_that_cannot_be_pulled_is_reported_and_the_old_container_keeps_running()
    {
        await _host.ApplyAsync(Web());
        await _host.RunUntilIdleAsync();
        var oldId = _podman.ContainerNamed("hl-default-web")!.Id;

        await _host.ApplyAsync(Web(image: "127.0.0.1:5000/homelab/caddy:9.9"));
        await _host.RunUntilIdleAsync();

        Assert.Equal(oldId, Assert.Single(_podman.Containers).Id);
        Assert.True(_podman.ContainerNamed("hl-default-web")!.IsRunning);
        var ready = _host.Get<Service>("default", "web")!.Status!.GetCondition(ConditionTypes.Ready)!;
        Assert.Equal(ServiceReasons.ImagePullFailed, ready.Reason);
        Assert.Contains("manifest unknown", ready.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_container_removed_by_hand_is_recreated_on_resync()
    {
        await _host.ApplyAsync(Web());
        await _host.RunUntilIdleAsync();
        _podman.RemoveByHand("hl-default-web");

        _host.Resync();
        await _host.RunUntilIdleAsync();

        var container = _podman.ContainerNamed("hl-default-web");
        Assert.NotNull(container);
        Assert.True(container.IsRunning);
        Assert.Equal(container.Id, _host.Get<Service>("default", "web")!.Status!.ContainerID);
    }

    [Fact]
    public async Task A_moved_tag_is_not_picked_up_by_an_unrelated_change_or_a_recreate()
    {
        await _host.ApplyAsync(Web());
        await _host.RunUntilIdleAsync();
        _podman.ImageDigests[Image] = MovedDigest;

        var changed = Web();
        changed.Spec.Env = [new EnvVar { Name = "TZ", Value = "Europe/Berlin" }];
        await _host.ApplyAsync(changed);
        await _host.RunUntilIdleAsync();
        Assert.Equal(Digest, _podman.ContainerNamed("hl-default-web")!.ImageDigest);

        _podman.RemoveByHand("hl-default-web");
        _host.Resync();
        await _host.RunUntilIdleAsync();
        Assert.Equal(Digest, _podman.ContainerNamed("hl-default-web")!.ImageDigest);
        Assert.Equal(Digest, _host.Get<Service>("default", "web")!.Status!.ImageDigest);
    }

    [Fact]
    public async Task A_pinned_digest_pruned_from_local_storage_falls_back_to_the_tag_with_a_warning()
    {
        await _host.ApplyAsync(Web());
        await _host.RunUntilIdleAsync();
        _podman.ImageDigests[Image] = MovedDigest;
        _podman.LocalDigests.Remove(Digest);

        var changed = Web();
        changed.Spec.Env = [new EnvVar { Name = "TZ", Value = "Europe/Berlin" }];
        await _host.ApplyAsync(changed);
        await _host.RunUntilIdleAsync();

        Assert.Equal(MovedDigest, _podman.ContainerNamed("hl-default-web")!.ImageDigest);
        Assert.Contains(_host.EventsFor(changed), e => e.Type == EventTypes.Warning && e.Reason == ServiceReasons.PinnedImageUnavailable);
    }

    [Fact]
    public async Task A_crashed_container_is_started_again_unless_the_policy_is_Never()
    {
        var never = Web("batch");
        never.Spec.RestartPolicy = RestartPolicies.Never;
        await _host.ApplyAsync(Web());
        await _host.ApplyAsync(never);
        await _host.RunUntilIdleAsync();
        _podman.ExitByHand("hl-default-web", 1);
        _podman.ExitByHand("hl-default-batch", 1);

        _host.Resync();
        await _host.RunUntilIdleAsync();

        Assert.True(_podman.ContainerNamed("hl-default-web")!.IsRunning);
        Assert.Equal(1, _host.Get<Service>("default", "web")!.Status!.RestartCount);
        Assert.False(_podman.ContainerNamed("hl-default-batch")!.IsRunning);
        var batchReady = _host.Get<Service>("default", "batch")!.Status!.GetCondition(ConditionTypes.Ready)!;
        Assert.Equal((ConditionStatus.False, ServiceReasons.Exited), (batchReady.Status, batchReady.Reason));
    }

    [Fact]
    public async Task A_crash_loop_backs_off_doubling_and_shows_why_until_the_container_stays_up()
    {
        await _host.ApplyAsync(Web());
        await _host.RunUntilIdleAsync();

        // First crash: restarted at once.
        _podman.ExitByHand("hl-default-web", 1, _host.Time.GetUtcNow(), _host.Time.GetUtcNow());
        _host.Resync();
        await _host.RunUntilIdleAsync();
        Assert.True(_podman.ContainerNamed("hl-default-web")!.IsRunning);

        // Second crash soon after: 10 s of back-off, visible in status and events.
        await _host.AdvanceAsync(TimeSpan.FromSeconds(3));
        var crashedAt = _host.Time.GetUtcNow();
        _podman.ExitByHand("hl-default-web", 1, crashedAt, crashedAt);
        _host.Resync();
        await _host.RunUntilIdleAsync();
        Assert.False(_podman.ContainerNamed("hl-default-web")!.IsRunning);
        var web = _host.Get<Service>("default", "web")!;
        var ready = web.Status!.GetCondition(ConditionTypes.Ready)!;
        Assert.Equal((ConditionStatus.False, ServiceReasons.CrashLoopBackOff), (ready.Status, ready.Reason));
        Assert.Equal("back-off 10s restarting failed container hl-default-web (exit code 1)", ready.Message);
        Assert.Equal(1, web.Status.RestartCount);
        Assert.Contains(_host.EventsFor(web), e => e.Type == EventTypes.Warning && e.Reason == ServiceReasons.BackOff);

        await _host.AdvanceAsync(TimeSpan.FromSeconds(9));
        Assert.False(_podman.ContainerNamed("hl-default-web")!.IsRunning);
        await _host.AdvanceAsync(TimeSpan.FromSeconds(1));
        Assert.True(_podman.ContainerNamed("hl-default-web")!.IsRunning);
        Assert.Equal(2, _host.Get<Service>("default", "web")!.Status!.RestartCount);

        // Third crash: twice as long.
        crashedAt = _host.Time.GetUtcNow();
        _podman.ExitByHand("hl-default-web", 1, crashedAt, crashedAt);
        _host.Resync();
        await _host.RunUntilIdleAsync();
        Assert.EndsWith("back-off 20s restarting failed container hl-default-web (exit code 1)", _host.Get<Service>("default", "web")!.Status!.GetCondition(ConditionTypes.Ready)!.Message);
        await _host.AdvanceAsync(TimeSpan.FromSeconds(20));
        Assert.True(_podman.ContainerNamed("hl-default-web")!.IsRunning);

        // A crash after a long healthy run is a first crash again: restarted at once.
        var now = _host.Time.GetUtcNow();
        _podman.ExitByHand("hl-default-web", 1, now - TimeSpan.FromMinutes(11), now);
        _host.Resync();
        await _host.RunUntilIdleAsync();
        Assert.True(_podman.ContainerNamed("hl-default-web")!.IsRunning);
        Assert.Equal(4, _host.Get<Service>("default", "web")!.Status!.RestartCount);
    }

    [Fact]
    public async Task Deleting_removes_container_network_and_config_but_keeps_volumes()
    {
        var web = Web();
        web.Spec.Volumes = [new VolumeMount { Name = "data", MountPath = "/data" }];
        web.Spec.ConfigFiles = [new ConfigFile { MountPath = "/etc/app/app.conf", Content = "port = 8080\n" }];
        await _host.ApplyAsync(web);
        await _host.RunUntilIdleAsync();
        var uid = _host.Get<Service>("default", "web")!.Metadata.Uid!;
        Assert.True(File.Exists(Path.Combine(_dataDir, "config", uid, "0-app.conf")));

        await _host.DeleteAsync<Service>("default", "web");
        await _host.RunUntilIdleAsync();

        Assert.Null(_host.Get<Service>("default", "web"));
        Assert.Empty(_podman.Containers);
        Assert.Empty(_podman.Networks);
        Assert.Equal("hl-default-web-data", Assert.Single(_podman.Volumes).Name);
        Assert.False(Directory.Exists(Path.Combine(_dataDir, "config", uid)));
    }

    [Fact]
    public async Task Deleting_with_the_purge_volumes_annotation_removes_volumes_too()
    {
        var web = Web();
        web.Spec.Volumes = [new VolumeMount { Name = "data", MountPath = "/data" }];
        web.Metadata.Annotations = new() { [ServiceAnnotations.PurgeVolumes] = "true" };
        await _host.ApplyAsync(web);
        await _host.RunUntilIdleAsync();

        await _host.DeleteAsync<Service>("default", "web");
        await _host.RunUntilIdleAsync();

        Assert.Empty(_podman.Volumes);
    }

    [Fact]
    public async Task Containers_and_networks_without_an_owning_service_are_pruned_but_volumes_are_not()
    {
        var labels = HomelabLabels.For("default", "gone", "uid-of-a-deleted-service");
        _podman.AddContainer(new ContainerInfo("orphan1", "hl-default-gone", ContainerStates.Running, labels));
        _podman.AddNetwork(new NetworkInfo("hl-default-gone", "bridge", "hl0000000000", "10.91.9.0/24", "10.91.9.1", labels));
        await _podman.CreateVolumeAsync("hl-default-gone-data", labels, CancellationToken.None);
        await _host.ApplyAsync(Web());

        await _host.RunUntilIdleAsync();

        Assert.Null(_podman.ContainerNamed("hl-default-gone"));
        Assert.DoesNotContain(_podman.Networks, n => n.Name == "hl-default-gone");
        Assert.Single(_podman.Volumes);
        Assert.NotNull(_podman.ContainerNamed("hl-default-web"));
    }

    [Fact]
    public async Task A_network_left_by_an_earlier_service_of_the_same_name_is_replaced_not_adopted()
    {
        var earlier = HomelabLabels.For("default", "web", "uid-of-an-earlier-web");
        _podman.AddNetwork(new NetworkInfo("hl-default-web", "bridge", "hl0000000000", "10.91.9.0/24", "10.91.9.1", earlier) { Id = "n-earlier" });
        _podman.AddContainer(new ContainerInfo("earlier1", "hl-default-web", ContainerStates.Running, earlier));
        await _host.ApplyAsync(Web());

        await _host.RunUntilIdleAsync();

        var uid = _host.Get<Service>("default", "web")!.Metadata.Uid;
        var network = Assert.Single(_podman.Networks);
        Assert.NotEqual("n-earlier", network.Id);
        Assert.Equal(uid, network.Label(HomelabLabels.Uid));
        var container = Assert.Single(_podman.Containers);
        Assert.Equal(uid, container.Label(HomelabLabels.Uid));
        Assert.True(container.IsRunning);
    }

    [Fact]
    public async Task A_network_of_the_same_name_not_made_by_homelab_is_left_alone_and_reported()
    {
        _podman.AddNetwork(new NetworkInfo("hl-default-web", "bridge", "cni-podman9", "10.99.0.0/24", "10.99.0.1", new Dictionary<string, string>()) { Id = "n-by-hand" });
        await _host.ApplyAsync(Web());

        await _host.RunUntilIdleAsync();

        Assert.Equal("n-by-hand", Assert.Single(_podman.Networks).Id);
        Assert.Empty(_podman.Containers);
        var ready = _host.Get<Service>("default", "web")!.Status!.GetCondition(ConditionTypes.Ready)!;
        Assert.Equal((ConditionStatus.False, ServiceReasons.NetworkFailed), (ready.Status, ready.Reason));
        Assert.Contains("not made by Homelab", ready.Message, StringComparison.Ordinal);
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task Config_files_are_written_with_their_mode_and_mounted_read_only()
    {
        var web = Web();
        web.Spec.ConfigFiles = [new ConfigFile { MountPath = "/etc/app/app.conf", Content = "port = 8080\n", Mode = "0440" }];
        await _host.ApplyAsync(web);
        await _host.RunUntilIdleAsync();

        var uid = _host.Get<Service>("default", "web")!.Metadata.Uid!;
        var file = Path.Combine(_dataDir, "config", uid, "0-app.conf");
        Assert.Equal("port = 8080\n", await File.ReadAllTextAsync(file));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.GroupRead, File.GetUnixFileMode(file));
        Assert.Equal(Path.Combine(_dataDir, "config", uid), Assert.Single(_podman.Created).ConfigDir);
    }

    [Fact]
    public async Task A_single_stack_service_turned_dual_stack_gets_its_network_made_again_with_an_IPv6_subnet()
    {
        var web = Web();
        web.Spec.IpFamilyPolicy = IpFamilyPolicies.SingleStack;
        await _host.ApplyAsync(web);
        await _host.RunUntilIdleAsync(MinReady);
        Assert.Null(Assert.Single(_podman.Networks).Subnet6);
        Assert.Equal(["10.91.0.2"], _host.Get<Service>("default", "web")!.Status!.Ips!);

        web = Web();
        web.Spec.IpFamilyPolicy = IpFamilyPolicies.PreferDualStack;
        web.Spec.IpFamilies = [IpFamilies.IPv6, IpFamilies.IPv4];
        await _host.ApplyAsync(web);
        await _host.RunUntilIdleAsync(MinReady);

        var network = Assert.Single(_podman.Networks);
        Assert.NotNull(network.Subnet6);
        var container = Assert.Single(_podman.Containers);
        Assert.True(container.IsRunning);
        var status = _host.Get<Service>("default", "web")!.Status!;
        Assert.Equal([container.Addresses6[network.Name], container.Addresses[network.Name]], status.Ips!);
        Assert.Equal([network.Subnet6, network.Subnet!], status.Subnets!);
        Assert.Equal(ConditionStatus.True, status.GetCondition(ConditionTypes.Ready)!.Status);
    }

    private static Service Web(string name = "web", string image = Image)
    {
        var service = TestResources.Service(name, image: image);
        service.Spec.Ports = [new ServicePort { ContainerPort = 8080, HostPort = 18080, HostIP = "127.0.0.1" }];
        return service;
    }
}
