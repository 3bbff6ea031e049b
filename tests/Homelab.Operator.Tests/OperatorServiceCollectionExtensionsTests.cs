using Homelab.Api.Resources;
using Homelab.Operator.Runtime;
using Homelab.TestKit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Homelab.Operator.Tests;

public sealed class OperatorServiceCollectionExtensionsTests
{
    [Fact]
    public void Each_controller_is_its_own_hosted_service()
    {
        var services = new ServiceCollection();

        services.AddHomelabOperator()
            .AddController<ScriptedController<Service>, Service>()
            .AddAggregateController<ScriptedAggregateController>(c => c.Watches<Service>());

        Assert.Equal(2, services.Count(d => d.ServiceType == typeof(IHostedService)));
        Assert.Equal(2, services.Count(d => d.ServiceType == typeof(ControllerRegistration)));
    }

    [Fact]
    public void Adding_a_controller_twice_registers_it_once_and_keeps_both_configurations()
    {
        var services = new ServiceCollection();
        services.AddSingleton(TimeProvider.System);

        services.AddHomelabOperator()
            .AddController<ScriptedController<Service>, Service>(c => c.Workers = 3)
            .AddController<ScriptedController<Service>, Service>(c => c.Finalizer = "example.com/x");

        Assert.Single(services, d => d.ServiceType == typeof(IHostedService));
        Assert.Single(services, d => d.ServiceType == typeof(ControllerRegistration));
        using var provider = services.BuildServiceProvider();
        var options = provider.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<ControllerOptions>>()
            .Get(typeof(ScriptedController<Service>).FullName);
        Assert.Equal((3, "example.com/x", "scripted-controller"), (options.Workers, options.EffectiveFinalizer, options.Name));
    }

    [Fact]
    public void A_clock_registered_first_is_kept()
    {
        var services = new ServiceCollection();
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        services.AddSingleton<TimeProvider>(clock);

        services.AddHomelabOperator();

        using var provider = services.BuildServiceProvider();
        Assert.Same(clock, provider.GetRequiredService<TimeProvider>());
    }
}
