using Homelab.Api.Resources;
using Homelab.Nftables.Firewall;
using Homelab.Operator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Homelab.Controllers.NetworkPolicies;

public static class NetworkPolicyControllerExtensions
{
    /// <summary>
    /// Adds the NetworkPolicy controller and the nft firewall it drives. Service status counts as a change (the bridge and IP
    /// are written there); the controller's own status writes on NetworkPolicies do not.
    /// </summary>
    public static OperatorBuilder AddNetworkPolicyController(this OperatorBuilder builder, Action<NftOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddNftFirewall(configure);
        builder.Services.AddNetworkPolicyViews();
        builder.Services.AddHostCheck<NftHostCheck>();
        return builder.AddAggregateController<NetworkPolicyController>(c => c
            .Watches<Service>(includeStatus: true)
            .Watches<Namespace>()
            .Watches<NetworkPolicy>()
            .Watches<Route>());
    }

    /// <summary>
    /// What the explain, access and nft endpoints need (<see cref="FirewallModelSource"/>), without the controller: a daemon
    /// started without the NetworkPolicy controller still answers them. Needs an <see cref="IResourceClient"/>.
    /// </summary>
    public static IServiceCollection AddNetworkPolicyViews(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<NftOptions>();
        services.TryAddSingleton<FirewallModelSource>();
        return services;
    }
}
