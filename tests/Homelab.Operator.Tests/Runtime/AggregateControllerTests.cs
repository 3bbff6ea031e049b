using Homelab.Api.Resources;
using Homelab.TestKit;
using Microsoft.Extensions.DependencyInjection;

namespace Homelab.Operator.Tests.Runtime;

public sealed class AggregateControllerTests : IAsyncLifetime
{
    private readonly OperatorTestHost _host = new(
        op => op.AddAggregateController<ScriptedAggregateController>(c => c.Watches<Service>(includeStatus: true).Watches<Namespace>()),
        services => services.AddSingleton<ScriptedAggregateController>());

    private ScriptedAggregateController Controller => _host.Services.GetRequiredService<ScriptedAggregateController>();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Start_reconciles_the_whole_state_once_even_when_nothing_exists()
    {
        await _host.RunUntilIdleAsync();

        Assert.Single(Controller.Calls);
    }

    [Fact]
    public async Task A_burst_of_changes_across_kinds_collapses_into_one_reconcile()
    {
        await _host.RunUntilIdleAsync();

        await _host.ApplyAsync(TestResources.Namespace("media"));
        await _host.ApplyAsync(TestResources.Service("a", ns: "media"));
        await _host.ApplyAsync(TestResources.Service("b", ns: "media"));
        await _host.DeleteAsync<Service>("media", "a");
        await _host.RunUntilIdleAsync();

        Assert.Equal(2, Controller.Calls.Count);
    }

    [Fact]
    public async Task Status_changes_count_only_for_kinds_watched_with_status()
    {
        await _host.ApplyAsync(TestResources.Service("a"));
        await _host.RunUntilIdleAsync();
        var ns = _host.Get<Namespace>("default")!;
        ns.Status = new() { ObservedGeneration = 1 };
        await _host.Client.UpdateStatusAsync(ns, CancellationToken.None);
        await _host.RunUntilIdleAsync();
        Assert.Single(Controller.Calls);

        var service = _host.Get<Service>("default", "a")!;
        service.Status = new ServiceStatus { Ip = "10.89.0.2" };
        await _host.Client.UpdateStatusAsync(service, CancellationToken.None);
        await _host.RunUntilIdleAsync();

        Assert.Equal(2, Controller.Calls.Count);
    }

    [Fact]
    public async Task A_failure_is_retried_with_backoff_and_logged()
    {
        var attempts = 0;
        Controller.OnReconcileAll = _ => ++attempts <= 3
            ? throw new IOException("nft: Operation not permitted")
            : Task.FromResult(ReconcileResult.Success);

        await _host.RunUntilIdleAsync(maxAdvance: TimeSpan.FromMinutes(1));

        Assert.Equal([0.0, 1, 3, 7], Controller.Calls.Select(t => (t - OperatorTestHost.Epoch).TotalSeconds));
        // The first run looks at the world, and so does every retry of it: a failed look proves nothing.
        Assert.Equal([true, true, true, true], Controller.Resyncs);
        Assert.Contains(_host.Logs.Entries, e => e.Message.Contains("nft: Operation not permitted", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Only_the_first_run_and_resyncs_are_flagged_as_resync_not_watched_changes()
    {
        await _host.RunUntilIdleAsync();

        await _host.ApplyAsync(TestResources.Service("a"));
        await _host.RunUntilIdleAsync();
        _host.Resync();
        await _host.RunUntilIdleAsync();
        await _host.ApplyAsync(TestResources.Service("b"));
        await _host.RunUntilIdleAsync();

        Assert.Equal([true, false, true, false], Controller.Resyncs);
    }

    [Fact]
    public async Task Resync_reconciles_the_whole_state_again()
    {
        await _host.RunUntilIdleAsync();

        _host.Resync();
        await _host.RunUntilIdleAsync();

        Assert.Equal(2, Controller.Calls.Count);
    }
}
