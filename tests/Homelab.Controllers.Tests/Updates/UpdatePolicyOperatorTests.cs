using Homelab.Api;
using Homelab.Api.Meta;
using Homelab.Api.Resources;
using Homelab.Controllers.Updates;
using Homelab.Registry;
using Homelab.TestKit;
using Microsoft.Extensions.DependencyInjection;
using static Homelab.Controllers.Tests.Updates.UpdateHarness;

namespace Homelab.Controllers.Tests.Updates;

/// <summary>The controller as homelabd runs it: registered with AddUpdatePolicyController, driven by the operator runtime.</summary>
public sealed class UpdatePolicyOperatorTests : IAsyncLifetime
{
    private readonly FakeRegistry _registry = new();
    private readonly OperatorTestHost _host;

    public UpdatePolicyOperatorTests()
    {
        _host = new OperatorTestHost(
            op => op.AddUpdatePolicyController(o =>
            {
                o.TimeZone = TimeZoneInfo.Utc;
                o.SettlePeriod = TimeSpan.FromSeconds(30);
            }),
            services =>
            {
                services.AddSingleton<IRegistry>(_registry);
                services.AddSingleton<IImageStore>(new FakeImageStore());
            });
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Service_status_changes_drive_the_health_gate_to_completion()
    {
        _registry.Push(Repo, "1.0", Digest('b'));
        await _host.ApplyAsync(TestResources.Namespace(Ns));
        await _host.ApplyAsync(TestResources.Service("app", Ns, $"{Repo}:1.0", new Dictionary<string, string> { ["updates"] = "auto" }));
        await ReportRunningAsync(Digest('a'));
        var policy = new UpdatePolicy { Metadata = new ObjectMeta { Name = "auto", Namespace = Ns } };
        policy.Spec.ServiceSelector = new LabelSelector { MatchLabels = new() { ["updates"] = "auto" } };
        policy.Spec.Interval = "1h";
        await _host.ApplyAsync(policy);

        await _host.RunUntilIdleAsync();
        Assert.Equal($"{Repo}:1.0@{Digest('b')}", Service().Spec.Image);

        await ReportRunningAsync(Digest('b'));
        await _host.RunUntilIdleAsync(maxAdvance: TimeSpan.FromSeconds(30));

        var entry = _host.Client.Get<UpdatePolicy>(Ns, "auto")!.Status!.Services!.Single();
        Assert.Equal("Updated", entry.LastResult);
        Assert.Contains(_host.EventsFor(Service()), e => e.Reason == "Updated");
    }

    private Service Service() => _host.Client.Get<Service>(Ns, "app")!;

    private async Task ReportRunningAsync(string digest)
    {
        var service = Service();
        var status = service.Status ?? new ServiceStatus();
        status.ObservedGeneration = service.Generation;
        status.ImageDigest = digest;
        status.RestartCount = 0;
        status.SetCondition(ConditionTypes.Ready, ConditionStatus.True, "Running", "", service.Generation, _host.Time.GetUtcNow());
        service.Status = status;
        Assert.True(await _host.Client.UpdateStatusAsync(service, CancellationToken.None));
    }
}
