using Homelab.Api.Resources;
using Homelab.Operator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Homelab.Controllers.Updates;

public static class UpdatePolicyServiceCollectionExtensions
{
    /// <summary>Registers the UpdatePolicy controller and its Podman image store. Needs <c>AddHomelabRegistry()</c>.</summary>
    public static IServiceCollection AddUpdatePolicyController(this IServiceCollection services, Action<UpdatePolicyOptions>? configure = null)
    {
        var options = services.AddOptions<UpdatePolicyOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IImageStore, PodmanImageStore>();
        services.TryAddSingleton<ImagePruner>();
        services.TryAddSingleton<IController<UpdatePolicy>, UpdatePolicyController>();
        return services;
    }
}
