using Homelab.Api.Resources;
using Homelab.Store;
using Homelab.TestKit;
using Microsoft.Extensions.DependencyInjection;

namespace Homelab.Operator.Tests.Runtime;

public sealed class SecondaryWatchTests
{
    [Fact]
    public async Task A_mapped_change_of_another_kind_reconciles_the_keys_the_mapper_names()
    {
        await using var host = NamespaceController(includeStatus: false);
        await host.ApplyAsync(TestResources.Namespace("media"));
        await host.RunUntilIdleAsync();
        var controller = host.Services.GetRequiredService<ScriptedController<Namespace>>();
        controller.ClearCalls();

        await host.ApplyAsync(TestResources.Service("jellyfin", ns: "media"));
        await host.RunUntilIdleAsync();

        Assert.Equal("media", Assert.Single(controller.Reconciles).Name);
    }

    [Fact]
    public async Task A_status_only_change_of_a_watched_kind_is_ignored_by_default()
    {
        await using var host = NamespaceController(includeStatus: false);
        await host.ApplyAsync(TestResources.Service("jellyfin", ns: "media"));
        await host.RunUntilIdleAsync();
        var controller = host.Services.GetRequiredService<ScriptedController<Namespace>>();
        controller.ClearCalls();

        await host.Client.UpdateStatusAsync(WithContainer(host.Get<Service>("media", "jellyfin")!), CancellationToken.None);
        await host.RunUntilIdleAsync();

        Assert.Empty(controller.Calls);
    }

    [Fact]
    public async Task A_status_only_change_of_a_watched_kind_counts_when_asked_for()
    {
        await using var host = NamespaceController(includeStatus: true);
        await host.ApplyAsync(TestResources.Service("jellyfin", ns: "media"));
        await host.RunUntilIdleAsync();
        var controller = host.Services.GetRequiredService<ScriptedController<Namespace>>();
        controller.ClearCalls();

        await host.Client.UpdateStatusAsync(WithContainer(host.Get<Service>("media", "jellyfin")!), CancellationToken.None);
        await host.RunUntilIdleAsync();

        Assert.Equal("media", Assert.Single(controller.Reconciles).Name);
    }

    [Fact]
    public async Task A_delete_of_a_watched_object_is_mapped_from_its_last_state()
    {
        await using var host = NamespaceController(includeStatus: false);
        await host.ApplyAsync(TestResources.Service("jellyfin", ns: "media"));
        await host.RunUntilIdleAsync();
        var controller = host.Services.GetRequiredService<ScriptedController<Namespace>>();
        controller.ClearCalls();

        await host.DeleteAsync<Service>("media", "jellyfin");
        await host.RunUntilIdleAsync();

        Assert.Null(host.Get<Service>("media", "jellyfin"));
        Assert.Equal("media", Assert.Single(controller.Reconciles).Name);
    }

    [Fact]
    public async Task A_mapper_that_throws_is_logged_and_does_not_stop_the_controller()
    {
        await using var host = new OperatorTestHost(
            op => op.AddController<ScriptedController<Namespace>, Namespace>(c => c.Watches<Service>(
                (changed, _) => changed.Key.Name == "bad" ? throw new InvalidOperationException("mapper broke") : [new ObjectKey("Namespace", "", changed.Key.Namespace)])),
            services => services.AddSingleton<ScriptedController<Namespace>>());
        await host.RunUntilIdleAsync();
        var controller = host.Services.GetRequiredService<ScriptedController<Namespace>>();
        controller.ClearCalls();

        await host.ApplyAsync(TestResources.Service("bad"));
        await host.ApplyAsync(TestResources.Service("good", ns: "media"));
        await host.RunUntilIdleAsync();

        Assert.Contains(host.Logs.Entries, e => e.Exception?.Message == "mapper broke");
        Assert.Contains(controller.Reconciles, c => c.Name == "media");
    }

    private static OperatorTestHost NamespaceController(bool includeStatus) => new(
        op => op.AddController<ScriptedController<Namespace>, Namespace>(c => c
            .Watches<Service>(changed => [ResourceKeys.Of<Namespace>("", changed.Key.Namespace)], includeStatus)),
        services => services.AddSingleton<ScriptedController<Namespace>>());

    private static Service WithContainer(Service service)
    {
        service.Status = new ServiceStatus { ContainerID = "c0ffee" };
        return service;
    }
}
