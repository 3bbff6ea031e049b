using Homelab.Operator.Metrics;
using Homelab.Operator.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Homelab.Operator;

public static class OperatorServiceCollectionExtensions
{
    /// <summary>
    /// Registers the controller runtime and the <see cref="IResourceClient"/>; add controllers on the returned builder.
    /// Needs an <c>IResourceStore</c> (AddHomelabStore). Options are validated when the host starts.
    /// </summary>
    public static OperatorBuilder AddHomelabOperator(this IServiceCollection services, Action<OperatorOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<OperatorOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }
        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OperatorOptions>, OperatorOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IResourceClient, ResourceClient>();
        services.AddMetrics();
        services.TryAddSingleton<ControllerMetrics>();
        services.TryAddSingleton<ControllerRunnerFactory>();
        return new OperatorBuilder(services);
    }
}
