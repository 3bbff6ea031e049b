using Microsoft.Extensions.DependencyInjection;
using Homelab.Operator.Metrics;
using Homelab.Store;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Homelab.Operator.Runtime;

/// <summary>Builds a <see cref="ControllerRunner"/> for a registration; shared by the hosted services and the TestKit.</summary>
internal sealed class ControllerRunnerFactory(
    IServiceProvider services,
    IResourceStore store,
    IResourceClient client,
    TimeProvider time,
    IOptions<OperatorOptions> operatorOptions,
    IOptionsMonitor<ControllerOptions> controllerOptions,
    ILoggerFactory loggerFactory,
    ControllerMetrics? metrics = null)
{
    public ControllerRunner Create(ControllerRegistration registration)
    {
        var options = controllerOptions.Get(registration.OptionsName);
        return new ControllerRunner(
            options,
            operatorOptions.Value,
            registration.PrimaryKind,
            ownWrite => registration.CreateReconciler(services, options, ownWrite),
            options.ExternalWatches.Select(type => (IExternalWatch)services.GetRequiredService(type)).ToList(),
            store,
            client,
            time,
            loggerFactory.CreateLogger(registration.ControllerType),
            metrics);
    }
}
