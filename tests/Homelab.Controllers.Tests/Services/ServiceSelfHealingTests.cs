using System.Globalization;
using Homelab.Api.Meta;
using Homelab.Api.Resources;
using Homelab.Api.Serialization;
using Homelab.Controllers.Services;
using Homelab.Operator;
using Homelab.Podman;
using Homelab.Store;
using Homelab.Store.Admission;
using Homelab.TestKit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit;

namespace Homelab.Controllers.Tests.Services;

/// <summary>
/// The Service controller as the daemon runs it (background loops, real clock) against real Podman, telling the truth
/// about a rollout and healing what it owns: a rolled-back change, a failing liveness check, a runtime killed under it.
/// Waits are bounded guards, never timing assertions.
/// </summary>
[Collection(ServiceHostCollection.Name)]
[Trait("Category", "Integration")]
public sealed class ServiceSelfHealingTests : IAsyncLifetime
{
    private const string Image = "127.0.0.1:5000/homelab/caddy:2.8";
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan Resync = TimeSpan.FromSeconds(5);
    private readonly string _managedBy = "hltest-" + Guid.NewGuid().ToString("N")[..8];
    private readonly string _dataDir = Directory.CreateTempSubdirectory("hltest-heal-").FullName;
    private readonly LiteDbResourceStore _store = LiteDbResourceStore.InMemory(new ResourceAdmission(), TimeProvider.System);
    private readonly IHost _host;

    public ServiceSelfHealingTests()
    {
        _host = new HostBuilder().ConfigureServices(services =>
        {
            services.AddSingleton<IResourceStore>(_store);
            services.AddHomelabOperator(o => o.ResyncPeriod = Resync).AddServiceController(o =>
            {
                o.ManagedBy = _managedBy;
                o.DataDir = _dataDir;
                o.SubnetPool = "10.96.0.0/16";
                o.RestartBackoffInitial = TimeSpan.FromSeconds(2);
            });
        }).Build();
    }

    private IContainerRuntime Podman => _host.Services.GetRequiredService<IContainerRuntime>();

    public async Task InitializeAsync()
    {
        _store.Commit([Mutation.Create(new ObjectKey("Namespace", "", _managedBy), HomelabJson.ToNode(TestResources.Namespace(_managedBy)))]);
        await _host.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _host.StopAsync();
        await PodmanLeftovers.RemoveAsync(Podman, _managedBy);
        foreach (var volume in await Podman.ListVolumesAsync(HomelabLabels.Managed(_managedBy), CancellationToken.None))
        {
            await Podman.RemoveVolumeAsync(volume.Name, CancellationToken.None);
        }
        _host.Dispose();
        _store.Dispose();
        Directory.Delete(_dataDir, recursive: true);
    }

    [Fact]
    public async Task A_change_that_crashes_after_0_6_s_is_rolled_back_and_a_watch_never_sees_it_ready()
    {
        var service = Sleeper("w", "sleep 100000");
        Create(service);
        var first = await UntilAsync(service, s => IsReady(s, 1));
        var watch = _store.Watch(ResourceKinds.Service.Kind, _managedBy, _store.Revision);

        Patch(service, spec => spec["command"] = new System.Text.Json.Nodes.JsonArray("/bin/busybox", "sh", "-c", "sleep 0.6; exit 1"));
        var rolledBack = await UntilAsync(service, s => s.Status?.GetCondition(ConditionTypes.Progressing) is { Reason: ServiceReasons.RolledBack } p && p.ObservedGeneration == 2);

        // Every status write from the change to the end of its rollout: none of them said Ready at generation 2.
        var seen = new List<Service>();
        while (watch.Events.TryRead(out var change))
        {
            seen.Add(change.Object.ToResource<Service>());
        }
        Assert.NotEmpty(seen);
        Assert.DoesNotContain(seen, s => IsReady(s, 2));
        Assert.Contains(seen, s => s.Status?.GetCondition(ConditionTypes.Progressing) is { Status: ConditionStatus.True, ObservedGeneration: 2 });
        var progressing = rolledBack.Status!.GetCondition(ConditionTypes.Progressing)!;
        Assert.Contains("exit code 1", progressing.Message, StringComparison.Ordinal);
        Assert.Contains("still serves", progressing.Message, StringComparison.Ordinal);
        Assert.Equal(ConditionStatus.True, rolledBack.Status.GetCondition(ConditionTypes.Available)!.Status);
        // The old container is the one serving, running as before.
        var serving = (await Podman.InspectContainerAsync(PodmanNames.Container(_managedBy, "w"), CancellationToken.None))!;
        Assert.Equal(first.Status!.ContainerID, serving.Id);
        Assert.True(serving.IsRunning);
        watch.Dispose();
    }

    [Fact]
    public async Task A_failing_liveness_check_restarts_the_container_with_back_off_and_counts_it()
    {
        var service = Sleeper("live", "sleep 100000");
        service.Spec.HealthCheck = new HealthCheck { Command = ["/bin/false"], PeriodSeconds = 1, FailureThreshold = 2 };
        Create(service);

        var restarted = await UntilAsync(service, s => s.Status?.RestartCount >= 2);

        Assert.Equal(TerminationReasons.Liveness, restarted.Status!.LastTerminationReason);
        var events = _store.ListEvents(null, ResourceKeys.Of(service));
        Assert.Contains(events, e => e.Type == EventTypes.Warning && e.Reason == ServiceReasons.Unhealthy);
        Assert.Contains(events, e => e.Reason == ServiceReasons.Killing && e.Count >= 2);
        // The first restart is at once, the next waits (CrashLoopBackOff), as kubelet does.
        await UntilAsync(service, s => _store.ListEvents(null, ResourceKeys.Of(service)).Any(e => e.Reason == ServiceReasons.BackOff));
        var container = (await Podman.InspectContainerAsync(restarted.Status.ContainerID!, CancellationToken.None))!;
        // The same container, restarted by homelabd: podman's own restart policy is off.
        Assert.Equal(PodmanNames.Container(_managedBy, "live"), container.Name);
        Assert.Equal(0, container.RestartCount);
    }

    [Fact]
    public async Task A_container_whose_conmon_and_process_were_killed_is_recreated_within_one_resync_on_the_same_volume()
    {
        var service = Sleeper("lost", "test -f /data/marker || date +%s%N > /data/marker; exec sleep 100000");
        service.Spec.Volumes = [new VolumeMount { Name = "data", MountPath = "/data" }];
        Create(service);
        var before = await UntilAsync(service, s => IsReady(s, 1));
        var container = (await Podman.InspectContainerAsync(before.Status!.ContainerID!, CancellationToken.None))!;
        var marker = await ExecAsync(container.Id, "cat", "/data/marker");

        // conmon first, so that nothing tells podman the workload died: podman keeps calling it running.
        await KillAsync(container.ConmonPid);
        await KillAsync(container.Pid);
        Assert.True((await Podman.InspectContainerAsync(container.Id, CancellationToken.None))!.IsRunning);

        using var resync = new CancellationTokenSource(Resync * 2 + TimeSpan.FromSeconds(5));
        var after = await UntilAsync(service, s => s.Status?.RestartCount == 1 && IsReady(s, 1), resync.Token);

        // Either homelabd found the dead runtime under podman's "running" (RuntimeLost: removed and made again), or podman
        // synced its state first on an inspect and the container was started again as any exited one (Error).
        if (after.Status!.ContainerID != container.Id)
        {
            Assert.Equal(TerminationReasons.RuntimeLost, after.Status.LastTerminationReason);
            Assert.Contains(_store.ListEvents(null, ResourceKeys.Of(service)), e => e.Type == EventTypes.Warning && e.Reason == TerminationReasons.RuntimeLost);
        }
        else
        {
            Assert.Equal(TerminationReasons.Error, after.Status.LastTerminationReason);
        }
        Assert.Equal(marker, await ExecAsync(after.Status.ContainerID!, "cat", "/data/marker"));
    }

    private Service Sleeper(string name, string script)
    {
        var service = TestResources.Service(name, _managedBy, Image);
        service.Spec.Command = ["/bin/busybox", "sh", "-c", script];
        service.Spec.StopGracePeriod = "1s";
        return service;
    }

    private void Create(Service service) => _store.Commit([Mutation.Create(ResourceKeys.Of(service), HomelabJson.ToNode(service))]);

    private void Patch(Service service, Action<System.Text.Json.Nodes.JsonObject> change) =>
        _store.Commit([Mutation.Patch(ResourceKeys.Of(service), node =>
        {
            change(node["spec"]!.AsObject());
            return node;
        })]);

    private static bool IsReady(Service service, long generation) =>
        service.Generation == generation
        && service.Status?.GetCondition(ConditionTypes.Ready) is { Status: ConditionStatus.True } ready
        && ready.ObservedGeneration == generation;

    private async Task<Service> UntilAsync(Service service, Func<Service, bool> condition, CancellationToken cancellationToken = default)
    {
        using var guard = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        guard.CancelAfter(Guard);
        while (true)
        {
            var current = _store.Get(ResourceKeys.Of(service))!.ToResource<Service>();
            if (condition(current))
            {
                return current;
            }
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), guard.Token);
            }
            catch (OperationCanceledException)
            {
                var events = string.Join("\n", _store.ListEvents(null, ResourceKeys.Of(service)).Select(e => $"{e.Type} {e.Reason} x{e.Count}: {e.Message}"));
                throw new Xunit.Sdk.XunitException($"not reached in time; status: {HomelabJson.Serialize(current.Status)}\nevents:\n{events}");
            }
        }
    }

    private static async Task KillAsync(int pid)
    {
        Assert.True(pid > 0);
        var result = await HostCommand.ExecAsync(["kill", "-9", pid.ToString(CultureInfo.InvariantCulture)]);
        Assert.True(result.ExitCode == 0, result.StandardError);
    }

    private static async Task<string> ExecAsync(string container, params string[] command)
    {
        var result = await HostCommand.ExecAsync(["podman", "exec", container, .. command]);
        Assert.True(result.ExitCode == 0, result.StandardError);
        return result.StandardOutput;
    }
}
