using Homelab.Api.Meta;
using Homelab.Api.Resources;
using Homelab.Controllers.Images;
using Homelab.Operator;
using Homelab.Podman;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Homelab.Controllers.Services;

public static class ServiceControllerExtensions
{
    /// <summary>
    /// Adds the Service controller (Service → Podman network + container) and the orphan pruner, with the Podman
    /// runtime they drive. <paramref name="configure"/> sets <see cref="PodmanOptions"/> (subnet pool, data dir).
    /// </summary>
    public static OperatorBuilder AddServiceController(this OperatorBuilder builder, Action<PodmanOptions>? configure = null, int workers = 2)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddHomelabPodman(configure);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<RestartBackoff>();
        builder.Services.TryAddSingleton<RunningSince>();
        builder.Services.TryAddSingleton<ServiceRepair>();
        builder.Services.TryAddSingleton<ServiceContainerEvents>();
        builder.Services.TryAddSingleton<SecretFileStore>();
        builder.Services.TryAddSingleton<ImageVerifier>();
        builder.Services.TryAddTransient<ServiceProvisioner>();
        builder.Services.TryAddTransient<ServiceImageResolver>();
        builder.Services.TryAddTransient<ServiceRollout>();
        builder.Services.TryAddTransient<ServiceStatusReport>();
        builder.Services.AddHostCheck<PodmanHostCheck>();
        builder.Services.AddHostCheck<SecretsDirCheck>();
        builder.Services.AddHostCheck<Ipv6RouteCheck>();
        // Before the controller: a stored status is marked Unknown before the controller's first write, not after it.
        builder.Services.AddHostedService<ServiceStatusAtStart>();
        builder.AddController<ServiceController, Service>(c =>
        {
            c.Workers = workers;
            c.WatchesExternal<ServiceContainerEvents>();
            // A Secret created, changed or deleted: the Services of its namespace that use it.
            c.Watches<Secret>((changed, client) => client.List<Service>(changed.Key.Namespace)
                .Where(s => SecretReferences.Of(s.Spec).Contains(changed.Key.Name))
                .Select(ResourceKeys.Of));
            // An ImagePolicy changed (a key added, a scope dropped): the Services it refused may run now.
            c.Watches<ImagePolicy>((_, client) => client.List<Service>()
                .Where(s => s.Status?.Conditions?.Any(c => c.Type == ConditionTypes.Ready && c.Reason == ServiceReasons.ImageRejected) == true)
                .Select(ResourceKeys.Of));
        });
        // No watch: the pruner runs at start and on each resync (see ServiceOrphanPruner).
        builder.AddAggregateController<ServiceOrphanPruner>(_ => { });
        return builder;
    }
}
