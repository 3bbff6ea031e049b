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
            .Validate(o => o.CommandTimeout > TimeSpan.Zero, "PodmanOptions.CommandTimeout must be positive");
        services.TryAddSingleton<ProcessRunner>();
        services.TryAddSingleton<IContainerRuntime, PodmanRuntime>();
        return services;
    }
}
