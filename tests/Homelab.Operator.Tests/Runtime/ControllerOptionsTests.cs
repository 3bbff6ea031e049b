using Homelab.Api.Resources;
using Homelab.TestKit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Homelab.Operator.Tests.Runtime;

public sealed class ControllerOptionsTests
{
    [Fact]
    public async Task A_controller_without_finalizers_never_finalizes_and_deletes_at_once()
    {
        await using var host = Host(c => c.UseFinalizer = false);
        await host.ApplyAsync(TestResources.Service("web"));
        await host.RunUntilIdleAsync();
        Assert.Null(host.Get<Service>("default", "web")!.Metadata.Finalizers);

        await host.DeleteAsync<Service>("default", "web");
        await host.RunUntilIdleAsync();

        var controller = host.Services.GetRequiredService<ScriptedController<Service>>();
        Assert.Empty(controller.Finalizes);
        Assert.Null(host.Get<Service>("default", "web"));
    }

    [Fact]
    public async Task The_default_name_and_finalizer_come_from_the_controller_class()
    {
        await using var host = new OperatorTestHost(
            op => op.AddController<WebServiceController, Service>(),
            services => services.AddSingleton<WebServiceController>());
        await host.ApplyAsync(TestResources.Service("web"));

        await host.RunUntilIdleAsync();

        Assert.Equal(["homelab.dev/web-service-controller"], host.Get<Service>("default", "web")!.Metadata.Finalizers);
        Assert.Equal("web-service-controller", Assert.Single(host.Events).Source);
    }

    [Fact]
    public async Task Another_controllers_finalizer_is_left_alone_on_delete()
    {
        await using var host = Host(c => c.Finalizer = "example.com/mine");
        var service = TestResources.Service("web");
        service.Metadata.Finalizers = ["example.com/theirs"];
        await host.ApplyAsync(service);
        await host.RunUntilIdleAsync();

        await host.DeleteAsync<Service>("default", "web");
        await host.RunUntilIdleAsync();

        Assert.Equal(["example.com/theirs"], host.Get<Service>("default", "web")!.Metadata.Finalizers);
    }

    [Theory]
    [InlineData(0, "Workers must be between 1 and 64, not 0")]
    [InlineData(65, "Workers must be between 1 and 64, not 65")]
    public async Task Invalid_worker_counts_are_refused_at_start_naming_the_field(int workers, string message)
    {
        await using var host = Host(c => c.Workers = workers);

        var error = Assert.Throws<OptionsValidationException>(host.Start);

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_finalizer_without_a_domain_is_refused_at_start()
    {
        await using var host = Host(c => c.Finalizer = "cleanup");

        var error = Assert.Throws<OptionsValidationException>(host.Start);

        Assert.Contains("Finalizer \"cleanup\" must look like domain/name", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_object_controller_may_not_watch_without_a_mapper()
    {
        await using var host = Host(c => c.Watches<Namespace>());

        var error = Assert.Throws<OptionsValidationException>(host.Start);

        Assert.Contains("without a mapper is only for aggregate controllers", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_backoff_cap_below_the_first_step_is_refused()
    {
        await using var host = new OperatorTestHost(
            op => op.AddController<ScriptedController<Service>, Service>(),
            services => services.AddSingleton<ScriptedController<Service>>(),
            o => o.BackoffMax = TimeSpan.FromMilliseconds(10));

        var error = Assert.Throws<OptionsValidationException>(host.Start);

        Assert.Contains("BackoffMax", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_resync_timer_reconciles_everything_each_period()
    {
        await using var host = new OperatorTestHost(
            op => op.AddController<ScriptedController<Service>, Service>(),
            services => services.AddSingleton<ScriptedController<Service>>(),
            o => o.ResyncPeriod = TimeSpan.FromSeconds(30));
        await host.ApplyAsync(TestResources.Service("web"));
        await host.RunUntilIdleAsync();

        await host.AdvanceAsync(TimeSpan.FromSeconds(95));

        var controller = host.Services.GetRequiredService<ScriptedController<Service>>();
        Assert.Equal([0.0, 30, 60, 90], controller.Reconciles.Select(c => (c.At - OperatorTestHost.Epoch).TotalSeconds));
    }

    [Fact]
    public void Names_default_to_the_class_name_in_kebab_case()
    {
        Assert.Equal("network-policy-controller", OperatorBuilder.DefaultName(typeof(NetworkPolicyController)));
        Assert.Equal("scripted-controller", OperatorBuilder.DefaultName(typeof(ScriptedController<Service>)));
    }

    private static OperatorTestHost Host(Action<ControllerOptions> configure) => new(
        op => op.AddController<ScriptedController<Service>, Service>(configure),
        services => services.AddSingleton<ScriptedController<Service>>());

    private sealed class NetworkPolicyController;

    private sealed class WebServiceController : IController<Service>
    {
        public Task<ReconcileResult> ReconcileAsync(Service resource, CancellationToken cancellationToken) =>
            Task.FromResult(ReconcileResult.Failure("Broken", "always", terminal: true));

        public Task<ReconcileResult> FinalizeAsync(Service resource, CancellationToken cancellationToken) => Task.FromResult(ReconcileResult.Success);
    }
}
