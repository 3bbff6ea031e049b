using Homelab.Api.Resources;
using Homelab.TestKit;
using Microsoft.Extensions.DependencyInjection;
using NSubstitute;

namespace Homelab.Operator.Tests.Runtime;

public sealed class LevelTriggeredTests
{
    [Fact]
    public async Task An_object_gone_by_the_time_its_key_is_processed_is_never_handed_to_the_controller()
    {
        var controller = Substitute.For<IController<Service>>();
        await using var host = new OperatorTestHost(
            op => op.AddController<IController<Service>, Service>(c => c.Name = "substitute-controller"),
            services => services.AddSingleton(controller));
        await host.RunUntilIdleAsync();

        await host.ApplyAsync(TestResources.Service("blink"));
        await host.DeleteAsync<Service>("default", "blink");
        var reconciles = await host.RunUntilIdleAsync();

        Assert.Equal(1, reconciles);
        await controller.DidNotReceiveWithAnyArgs().ReconcileAsync(default!, default);
        await controller.DidNotReceiveWithAnyArgs().FinalizeAsync(default!, default);
    }
}
