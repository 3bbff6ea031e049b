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
/// The Service controller as the daemon runs it (background loops, real clock) against real Podman: podman's events,
/// not the periodic resync, bring it back to a crashed container. Waits are bounded guards, never timing assertions.
/// </summary>
[Collection(ServiceHostCollection.Name)]
[Trait("Category", "Integration")]
public sealed class ServiceCrashRecoveryTests : IAsyncLifetime
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);
    private readonly string _managedBy = "hltest-" + Guid.NewGuid().ToString("N")[..8];
    private readonly string _dataDir = Directory.CreateTempSubdirectory("hltest-crash-").FullName;
    private readonly LiteDbResourceStore _store = LiteDbResourceStore.InMemory(new ResourceAdmission(), TimeProvider.System);
    private readonly IHost _host;

    public ServiceCrashRecoveryTests()
    {
        _host = new HostBuilder().ConfigureServices(services =>
        {
            services.AddSingleton<IResourceStore>(_store);
            // A resync far beyond the guard: only podman's events can bring the controller back in time.
            services.AddHomelabOperator(o => o.ResyncPeriod = TimeSpan.FromMinutes(30)).AddServiceController(o =>
            {
                o.ManagedBy = _managedBy;
                o.DataDir = _dataDir;
                o.SubnetPool = "10.95.0.0/16";
                o.RestartBackoffInitial = TimeSpan.FromSeconds(2);
            });
        }).Build();
    }

    public Task InitializeAsync() => _host.StartAsync();

    public async Task DisposeAsync()
    {
        await _host.StopAsync();
        await PodmanLeftovers.RemoveAsync(_host.Services.GetRequiredService<IContainerRuntime>(), _managedBy);
        _host.Dispose();
        _store.Dispose();
        Directory.Delete(_dataDir, recursive: true);
    }

    [Fact]
    public async Task A_crashing_container_is_restarted_at_once_then_with_back_off_and_counted()
    {
        var crashing = TestResources.Service("crash", _managedBy, "127.0.0.1:5000/homelab/caddy:2.8");
        crashing.Spec.Command = ["/bin/busybox", "sh", "-c", "sleep 1; exit 3"];
        _store.Commit([Mutation.Create(new ObjectKey("Namespace", "", _managedBy), HomelabJson.ToNode(TestResources.Namespace(_managedBy)))]);
        _store.Commit([Mutation.Create(ResourceKeys.Of(crashing), HomelabJson.ToNode(crashing))]);

        var sawBackOff = false;
        Service? service = null;
        using var guard = new CancellationTokenSource(Guard);
        while (!(sawBackOff && service?.Status?.RestartCount >= 2))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), guard.Token);
            service = _store.Get(ResourceKeys.Of(crashing))!.ToResource<Service>();
            sawBackOff |= service.Status?.GetCondition(ConditionTypes.Ready)?.Reason == ServiceReasons.CrashLoopBackOff;
        }

        var container = (await _host.Services.GetRequiredService<IContainerRuntime>().InspectContainerAsync(service.Status!.ContainerID!, CancellationToken.None))!;
        // Podman itself never restarted it (--restart=no); each restart was the controller's, on the same container.
        Assert.Equal(0, container.RestartCount);
        Assert.Equal(PodmanNames.Container(_managedBy, "crash"), container.Name);
        Assert.Contains(_store.ListEvents(null, ResourceKeys.Of(crashing)), e => e.Reason == ServiceReasons.BackOff);
    }
}
