using Homelab.Api.Resources;
using Homelab.TestKit;
using Microsoft.Extensions.DependencyInjection;

namespace Homelab.Operator.Tests;

public sealed class ResourceClientTests : IAsyncLifetime
{
    private readonly OperatorTestHost _host = new(
        op => op.AddController<ScriptedController<Service>, Service>(c => c.Name = "web-controller"),
        services => services.AddSingleton<ScriptedController<Service>>());

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Get_and_list_return_typed_objects()
    {
        await _host.ApplyAsync(TestResources.Service("a"));
        await _host.ApplyAsync(TestResources.Service("b", ns: "media"));

        Assert.Equal("registry.local/app:1.0", _host.Client.Get<Service>("default", "a")!.Spec.Image);
        Assert.Null(_host.Client.Get<Service>("default", "missing"));
        Assert.Equal(["a", "b"], _host.Client.List<Service>().Select(s => s.Name));
        Assert.Equal(["b"], _host.Client.List<Service>("media").Select(s => s.Name));
        Assert.Equal(["default", "media"], _host.Client.List<Namespace>().Select(n => n.Name));
    }

    [Fact]
    public async Task Update_status_replaces_the_status_and_keeps_the_generation()
    {
        var web = await _host.ApplyAsync(TestResources.Service("web"));
        web.Status = new ServiceStatus { ContainerID = "one", Ip = "10.89.0.2" };
        await _host.Client.UpdateStatusAsync(web, CancellationToken.None);

        web.Status = new ServiceStatus { ContainerID = "two" };
        Assert.True(await _host.Client.UpdateStatusAsync(web, CancellationToken.None));

        var stored = _host.Get<Service>("default", "web")!;
        Assert.Equal("two", stored.Status!.ContainerID);
        Assert.Null(stored.Status.Ip);
        Assert.Equal(1, stored.Generation);
    }

    [Fact]
    public async Task Writes_to_a_missing_object_report_it_instead_of_throwing()
    {
        var ghost = TestResources.Service("ghost");

        Assert.False(await _host.Client.UpdateStatusAsync(ghost, CancellationToken.None));
        Assert.Null(await _host.Client.PatchAsync<Service>("default", "ghost", o => o, CancellationToken.None));
    }

    [Fact]
    public async Task Patch_applies_the_transform_to_the_current_object()
    {
        await _host.ApplyAsync(TestResources.Service("web"));

        var patched = await _host.Client.PatchAsync<Service>("default", "web", o =>
        {
            o["spec"]!["image"] = "registry.local/app:2.0";
            return o;
        }, CancellationToken.None);

        Assert.Equal("registry.local/app:2.0", patched!.Spec.Image);
        Assert.Equal(2, patched.Generation);
        Assert.Equal("registry.local/app:2.0", _host.Get<Service>("default", "web")!.Spec.Image);
    }

    [Fact]
    public async Task Events_recorded_during_a_reconcile_name_the_controller_as_source()
    {
        var controller = _host.Services.GetRequiredService<ScriptedController<Service>>();
        controller.OnReconcile = (service, _) =>
        {
            _host.Client.RecordEvent(service, EventTypes.Normal, "Started", "container started");
            return Task.FromResult(ReconcileResult.Success);
        };
        var web = await _host.ApplyAsync(TestResources.Service("web"));
        await _host.RunUntilIdleAsync();

        _host.Client.RecordEvent(web, EventTypes.Normal, "Poked", "from a test");

        Assert.Equal(
            [("Started", "web-controller"), ("Poked", ResourceClient.DefaultSource)],
            _host.EventsFor(web).Select(e => (e.Reason, e.Source)));
    }

    [Fact]
    public async Task An_unknown_event_type_is_refused()
    {
        var web = await _host.ApplyAsync(TestResources.Service("web"));

        var error = Assert.Throws<ArgumentException>(() => _host.Client.RecordEvent(web, "Error", "Oops", "no such type"));

        Assert.Contains("Normal or Warning", error.Message, StringComparison.Ordinal);
    }
}
