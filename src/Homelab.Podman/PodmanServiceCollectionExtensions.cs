using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Homelab.Podman;

public static class PodmanServiceCollectionExtensions
{
    /// <summary>Registers <see cref="IContainerRuntime"/> on the podman CLI with <see cref="PodmanOptions"/>.</summary>
    public static IServiceCollection AddHomelabPodman(this IServiceCollection services, Action<PodmanOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<PodmanOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }
        options.Validate(o => o.SubnetPrefixLength is >= 8 and <= 30, "PodmanOptions.SubnetPrefixLength must be between 8 and 30")
            .Validate(o => !string.IsNullOrWhiteSpace(o.PodmanPath), "PodmanOptions.PodmanPath is required")
            .Validate(o => o.CommandTimeout > TimeSpan.Zero, "PodmanOptions.CommandTimeout must be positive")
            .Validate(o => o.ApiIdleTimeout >= TimeSpan.FromSeconds(1), "PodmanOptions.ApiIdleTimeout must be at least 1s (0 would keep the API service for ever)");
        services.AddMetrics();
        services.TryAddSingleton<PodmanMetrics>();
        services.TryAddSingleton<ProcessRunner>();
        services.TryAddSingleton<PodmanApi>();
        services.TryAddSingleton<IContainerRuntime, PodmanRuntime>();
        return services;
    }
}
