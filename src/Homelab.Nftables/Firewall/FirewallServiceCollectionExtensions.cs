using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Homelab.Nftables.Firewall;

public static class FirewallServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IFirewall"/> backed by nft: libnftables in-process when it loads and <see cref="NftOptions.NftPath"/>
    /// is left at "nft", else the nft program. Configure <see cref="NftOptions"/> to change the table name or nft path.
    /// </summary>
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
        services.TryAddSingleton<NftProcess>();
        services.TryAddSingleton<INftCommand>(provider => NftLibrary.TryCreate(provider.GetRequiredService<IOptions<NftOptions>>().Value, provider.GetRequiredService<NftProcess>(), provider.GetService<NftMetrics>())
            ?? (INftCommand)provider.GetRequiredService<NftProcess>());
        services.TryAddSingleton<IFirewall, NftFirewall>();
        return services;
    }
}
