using Homelab.Proxy.Caddy;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Homelab.Proxy;

public static class ProxyServiceCollectionExtensions
{
    /// <summary>Adds the Caddy admin driver (<see cref="IProxyAdmin"/>) and <see cref="ProxyOptions"/>.</summary>
    public static IServiceCollection AddCaddyProxy(this IServiceCollection services, Action<ProxyOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<ProxyOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }
        services.TryAddSingleton<IProxyAdmin, CaddyAdminClient>();
        return services;
    }
}
