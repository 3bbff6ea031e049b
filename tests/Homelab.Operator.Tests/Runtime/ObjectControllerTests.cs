using Homelab.Api.Meta;
using Homelab.Api.Resources;
using Homelab.TestKit;
using Microsoft.Extensions.DependencyInjection;

namespace Homelab.Operator.Tests.Runtime;

public sealed class ObjectControllerTests : IAsyncLifetime
{
    private const string Finalizer = "homelab.dev/scripted-controller";
    private readonly OperatorTestHost _host;
    private readonly ScriptedController<Service> _controller;

    public ObjectControllerTests()
    {
        _host = new OperatorTestHost(
            op => op.AddController<ScriptedController<Service>, Service>(c => c.Name = "scripted-controller"),
            services => services.AddSingleton<ScriptedController<Service>>());
        _controller = _host.Services.GetRequiredService<ScriptedController<Service>>();
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Start_reconciles_every_object_that_already_exists()
    {
        await _host.ApplyAsync(TestResources.Service("a"));
        await _host.ApplyAsync(TestResources.Service("b", ns: "other"));

        await _host.RunUntilIdleAsync();

        Assert.Equal(["default/a", "other/b"], _controller.Reconciles.Select(c => $"{c.Namespace}/{c.Name}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Objects_created_after_start_are_seen_through_the_watch()
    {
        await _host.RunUntilIdleAsync();

        await _host.ApplyAsync(TestResources.Service("late"));
        await _host.RunUntilIdleAsync();

        Assert.Equal("late", Assert.Single(_controller.Reconciles).Name);
    }

    [Fact]
    public async Task The_finalizer_is_added_before_the_first_reconcile_and_causes_no_second_one()
    {
        await _host.ApplyAsync(TestResources.Service("web"));

        await _host.RunUntilIdleAsync();

        var call = Assert.Single(_controller.Reconciles);
        Assert.Contains(Finalizer, call.Resource.Metadata.Finalizers!);
        Assert.Contains(Finalizer, _host.Get<Service>("default", "web")!.Metadata.Finalizers!);
    }

    [Fact]
    public async Task A_status_only_change_does_not_retrigger_the_controller()
    {
        await _host.ApplyAsync(TestResources.Service("web"));
        await _host.RunUntilIdleAsync();
        var web = _host.Get<Service>("default", "web")!;
        web.Status = new ServiceStatus { ContainerID = "abc" };

        Assert.True(await _host.Client.UpdateStatusAsync(web, CancellationToken.None));
        var reconciles = await _host.RunUntilIdleAsync();

        Assert.Equal(0, reconciles);
        Assert.Equal("abc", _host.Get<Service>("default", "web")!.Status!.ContainerID);
    }

    [Fact]
    public async Task A_spec_change_triggers_a_reconcile_of_the_new_generation()
    {
        await _host.ApplyAsync(TestResources.Service("web", image: "registry.local/web:1"));
        await _host.RunUntilIdleAsync();

        await _host.ApplyAsync(TestResources.Service("web", image: "registry.local/web:2"));
        await _host.RunUntilIdleAsync();

        Assert.Equal([1L, 2L], _controller.Reconciles.Select(c => c.Generation));
        Assert.Equal("registry.local/web:2", _controller.Reconciles[^1].Resource.Spec.Image);
    }

    [Fact]
    public async Task A_label_change_triggers_a_reconcile()
    {
        await _host.ApplyAsync(TestResources.Service("web"));
        await _host.RunUntilIdleAsync();

        await _host.ApplyAsync(TestResources.Service("web", labels: new Dictionary<string, string> { ["tier"] = "front" }));
        await _host.RunUntilIdleAsync();

        Assert.Equal(2, _controller.Reconciles.Count);
        Assert.Equal("front", _controller.Reconciles[^1].Resource.Metadata.Labels!["tier"]);
    }

    [Fact]
    public async Task Delete_runs_the_finalizer_step_then_the_object_is_gone()
    {
        await _host.ApplyAsync(TestResources.Service("web"));
        await _host.RunUntilIdleAsync();

        Assert.True(await _host.DeleteAsync<Service>("default", "web"));
        Assert.NotNull(_host.Get<Service>("default", "web")!.Metadata.DeletionTimestamp);
        await _host.RunUntilIdleAsync();

        var finalize = Assert.Single(_controller.Finalizes);
        Assert.NotNull(finalize.Resource.Metadata.DeletionTimestamp);
        Assert.Null(_host.Get<Service>("default", "web"));
        Assert.Single(_controller.Reconciles);
    }

    [Fact]
    public async Task A_failing_finalizer_step_keeps_the_object_and_is_retried()
    {
        await _host.ApplyAsync(TestResources.Service("web"));
        await _host.RunUntilIdleAsync();
        var attempts = 0;
        _controller.OnFinalize = (_, _) => Task.FromResult(++attempts < 3
            ? ReconcileResult.Failure("CleanupFailed", "podman is busy")
            : ReconcileResult.Success);

        await _host.DeleteAsync<Service>("default", "web");
        await _host.RunUntilIdleAsync();
        Assert.NotNull(_host.Get<Service>("default", "web"));

        await _host.RunUntilIdleAsync(maxAdvance: TimeSpan.FromMinutes(1));

        Assert.Equal(3, _controller.Finalizes.Count);
        Assert.Null(_host.Get<Service>("default", "web"));
    }

    [Fact]
    public async Task A_finalizer_step_asking_to_requeue_keeps_the_finalizer_until_it_succeeds()
    {
        await _host.ApplyAsync(TestResources.Service("web"));
        await _host.RunUntilIdleAsync();
        var stillStopping = true;
        _controller.OnFinalize = (_, _) => Task.FromResult(stillStopping ? ReconcileResult.Requeue(TimeSpan.FromSeconds(10)) : ReconcileResult.Success);

        await _host.DeleteAsync<Service>("default", "web");
        await _host.RunUntilIdleAsync();
        Assert.Equal([Finalizer], _host.Get<Service>("default", "web")!.Metadata.Finalizers);

        stillStopping = false;
        await _host.AdvanceAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(2, _controller.Finalizes.Count);
        Assert.Null(_host.Get<Service>("default", "web"));
    }

    [Fact]
    public async Task A_failure_writes_Ready_False_with_reason_and_a_warning_event()
    {
        _controller.OnReconcile = (_, _) => Task.FromResult(ReconcileResult.Failure("ImagePullFailed", "manifest unknown"));
        await _host.ApplyAsync(TestResources.Service("web"));

        await _host.RunUntilIdleAsync();

        var ready = _host.Get<Service>("default", "web")!.Status!.GetCondition(ConditionTypes.Ready)!;
        Assert.Equal(ConditionStatus.False, ready.Status);
        Assert.Equal("ImagePullFailed", ready.Reason);
        Assert.Equal("manifest unknown", ready.Message);
        Assert.Equal(1, ready.ObservedGeneration);
        Assert.Equal(OperatorTestHost.Epoch, ready.LastTransitionTime);
        var warning = Assert.Single(_host.Events);
        Assert.Equal((EventTypes.Warning, "ImagePullFailed", "scripted-controller"), (warning.Type, warning.Reason, warning.Source));
    }

    [Fact]
    public async Task Failures_are_retried_with_growing_backoff_without_moving_the_transition_time()
    {
        _controller.OnReconcile = (_, _) => Task.FromResult(ReconcileResult.Failure("ImagePullFailed", "manifest unknown"));
        await _host.ApplyAsync(TestResources.Service("web"));

        await _host.RunUntilIdleAsync(maxAdvance: TimeSpan.FromSeconds(31));

        var gaps = _controller.Reconciles.Zip(_controller.Reconciles.Skip(1), (a, b) => (b.At - a.At).TotalSeconds);
        Assert.Equal([1, 2, 4, 8, 16], gaps);
        var ready = _host.Get<Service>("default", "web")!.Status!.GetCondition(ConditionTypes.Ready)!;
        Assert.Equal(OperatorTestHost.Epoch, ready.LastTransitionTime);
        Assert.Equal(6, Assert.Single(_host.Events).Count);
    }

    [Fact]
    public async Task Success_after_failures_resets_the_backoff()
    {
        var fail = true;
        _controller.OnReconcile = (_, _) => Task.FromResult(fail ? ReconcileResult.Failure("Broken", "broken") : ReconcileResult.Success);
        await _host.ApplyAsync(TestResources.Service("web"));
        await _host.RunUntilIdleAsync(maxAdvance: TimeSpan.FromSeconds(7));
        Assert.Equal(4, _controller.Reconciles.Count);

        fail = false;
        await _host.RunUntilIdleAsync(maxAdvance: TimeSpan.FromSeconds(8));
        fail = true;
        await _host.ApplyAsync(TestResources.Service("web", image: "registry.local/app:2"));
        var from = _host.Time.GetUtcNow();
        await _host.RunUntilIdleAsync(maxAdvance: TimeSpan.FromSeconds(1));

        var sinceChange = _controller.Reconciles.Where(c => c.Generation == 2).Select(c => (c.At - from).TotalSeconds);
        Assert.Equal([0, 1], sinceChange);
    }

    [Fact]
    public async Task An_exception_becomes_a_ReconcileError_and_other_objects_still_reconcile()
    {
        _controller.OnReconcile = (service, _) => service.Name == "bad"
            ? throw new InvalidOperationException("boom")
            : Task.FromResult(ReconcileResult.Success);
        await _host.ApplyAsync(TestResources.Service("bad"));
        await _host.ApplyAsync(TestResources.Service("good"));

        await _host.RunUntilIdleAsync(maxAdvance: TimeSpan.FromSeconds(3));

        var ready = _host.Get<Service>("default", "bad")!.Status!.GetCondition(ConditionTypes.Ready)!;
        Assert.Equal((ConditionStatus.False, FailureReasons.ReconcileError, "boom"), (ready.Status, ready.Reason, ready.Message));
        Assert.Equal(3, _controller.Reconciles.Count(c => c.Name == "bad"));
        Assert.Single(_controller.Reconciles, c => c.Name == "good");
    }

    [Fact]
    public async Task A_terminal_failure_is_not_retried_until_the_object_changes()
    {
        _controller.OnReconcile = (service, _) => Task.FromResult(service.Spec.Image.EndsWith(":bad", StringComparison.Ordinal)
            ? ReconcileResult.Failure("InvalidImage", "no such tag", terminal: true)
            : ReconcileResult.Success);
        await _host.ApplyAsync(TestResources.Service("web", image: "registry.local/web:bad"));

        await _host.RunUntilIdleAsync(maxAdvance: TimeSpan.FromMinutes(10));
        _host.Resync();
        await _host.RunUntilIdleAsync();
        Assert.Single(_controller.Reconciles);

        await _host.ApplyAsync(TestResources.Service("web", image: "registry.local/web:good"));
        await _host.RunUntilIdleAsync();
        Assert.Equal(2, _controller.Reconciles.Count);
    }

    [Fact]
    public async Task Requeue_after_reconciles_again_when_due()
    {
        _controller.OnReconcile = (_, _) => Task.FromResult(ReconcileResult.Requeue(TimeSpan.FromMinutes(1)));
        await _host.ApplyAsync(TestResources.Service("web"));

        await _host.RunUntilIdleAsync();
        Assert.Single(_controller.Reconciles);
        await _host.AdvanceAsync(TimeSpan.FromMinutes(2));

        Assert.Equal([0.0, 1, 2], _controller.Reconciles.Select(c => (c.At - OperatorTestHost.Epoch).TotalMinutes));
    }

    [Fact]
    public async Task Resync_reconciles_every_object_again()
    {
        await _host.ApplyAsync(TestResources.Service("a"));
        await _host.ApplyAsync(TestResources.Service("b"));
        await _host.RunUntilIdleAsync();

        _host.Resync();
        await _host.RunUntilIdleAsync();

        Assert.Equal(4, _controller.Reconciles.Count);
    }
}
