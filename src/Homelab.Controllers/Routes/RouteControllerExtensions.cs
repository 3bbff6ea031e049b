using Homelab.Acme;
using Homelab.Api.Resources;
using Homelab.Operator;
using Homelab.Proxy;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Homelab.Controllers.Routes;

public static class RouteControllerExtensions
{
    /// <summary>
    /// Adds the Route controller (Routes and Issuers → certificates, the proxy's Service, its Caddy config). Service status
    /// counts as a change: backends' addresses and the proxy's readiness are written there. <paramref name="caDir"/>
    /// holds the internal Issuers' CAs and the ACME Issuers' account keys (homelabd's data directory).
    /// </summary>
    public static OperatorBuilder AddRouteController(this OperatorBuilder builder, Func<IServiceProvider, string> caDir, Action<ProxyOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(caDir);
        builder.Services.AddCaddyProxy(configure);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton(sp => new InternalCertificateAuthority(caDir(sp), sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddAcmeClient();
        builder.Services.TryAddSingleton(sp => new AcmeAccounts(caDir(sp), sp.GetRequiredService<IAcmeClient>(), sp.GetRequiredService<TimeProvider>()));
        builder.Services.TryAddSingleton(sp => new RouteCertificateFiles(sp.GetRequiredService<IOptions<ProxyOptions>>().Value.DataDir));
        builder.Services.TryAddSingleton<RouteCertificates>();
        builder.Services.TryAddSingleton<ProxyDeployment>();
        return builder.AddAggregateController<RouteController>(c => c
            .Watches<Route>()
            .Watches<Issuer>()
            .Watches<Secret>()
            .Watches<Service>(includeStatus: true));
    }
}
