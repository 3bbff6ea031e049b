using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Homelab.Nftables.Firewall;

public static class FirewallServiceCollectionExtensions
{
    /// <summary>Registers <see cref="IFirewall"/> backed by the nft CLI. Configure <see cref="NftOptions"/> to change the table name or nft path.</summary>
    public static IServiceCollection AddNftFirewall(this IServiceCollection services, Action<NftOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<NftOptions>();
        if (configure is not null)
        {
            services.Configure(configure);
        }
        services.AddMetrics();
        services.TryAddSingleton<NftMetrics>();
        services.TryAddSingleton<INftCommand, NftProcess>();
        services.TryAddSingleton<IFirewall, NftFirewall>();
        return services;
    }
}
