using Homelab.Store.Admission;
using Homelab.Store.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Homelab.Store;

public static class StoreServiceCollectionExtensions
{
    /// <summary>
    /// Registers the LiteDB store (opened once, on first use, from <see cref="StoreOptions"/>), the API's admission
    /// chain and the system clock, unless something else was registered first (tests swap the clock); and the background
    /// services that compact the changelog and delete what Terminating namespaces hold.
    /// </summary>
    public static IServiceCollection AddHomelabStore(this IServiceCollection services, Action<StoreOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<StoreOptions>()
            .Configure(configure)
            .Validate(o => !string.IsNullOrWhiteSpace(o.DataDir), "Store:DataDir is required")
            .Validate(o => o.ChangelogRetention >= 0, "Store:ChangelogRetention must not be negative")
            .Validate(o => o.EventRetention > 0, "Store:EventRetention must be positive")
            .Validate(o => o.WatchBufferSize > 0, "Store:WatchBufferSize must be positive")
            .Validate(o => o.WatchDrainTimeout > TimeSpan.Zero, "Store:WatchDrainTimeout must be positive")
            .Validate(o => o.MaxObjectBytes > 0, "Store:MaxObjectBytes must be positive")
            .Validate(o => o.CompactionInterval > TimeSpan.Zero, "Store:CompactionInterval must be positive")
            .Validate(o => o.NamespaceDeletionDelay >= TimeSpan.Zero, "Store:NamespaceDeletionDelay must not be negative")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<SecurityOptions>();
        services.TryAddSingleton<IAdmission>(sp => new ResourceAdmission(sp.GetRequiredService<IOptions<SecurityOptions>>().Value));
        services.TryAddSingleton(sp => LiteDbResourceStore.OpenFile(
            sp.GetRequiredService<IOptions<StoreOptions>>().Value,
            sp.GetRequiredService<IAdmission>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILogger<LiteDbResourceStore>>()));
        services.TryAddSingleton<IResourceStore>(sp => sp.GetRequiredService<LiteDbResourceStore>());
        services.AddHostedService<StoreCompactionService>();
        services.AddHostedService<NamespaceTerminator>();
        return services;
    }
}
