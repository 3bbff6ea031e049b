using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Homelab.Acme;

public static class AcmeServiceCollectionExtensions
{
    /// <summary>Adds the ACME client (<see cref="IAcmeClient"/>).</summary>
    public static IServiceCollection AddAcmeClient(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IAcmeClient>(sp => new AcmeClient(AcmeClient.DefaultHandler, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<AcmeClient>>()));
        return services;
    }
}
