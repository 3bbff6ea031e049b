using Homelab.Registry.Auth;
using Homelab.Registry.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Homelab.Registry;

public static class RegistryServiceCollectionExtensions
{
    /// <summary>Registers <see cref="IRegistry"/> (the OCI distribution client) and its options.</summary>
    public static IServiceCollection AddHomelabRegistry(this IServiceCollection services, Action<RegistryOptions>? configure = null)
    {
        var options = services.AddOptions<RegistryOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IRegistry>(sp =>
        {
            var settings = sp.GetRequiredService<IOptions<RegistryOptions>>();
            var loggers = sp.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance;
            IReadOnlyList<string> authFiles = (IReadOnlyList<string>?)settings.Value.AuthFiles?.ToList()
                ?? AuthFileLocations.Default(Environment.GetEnvironmentVariable, CurrentUid());
            var registries = RegistriesConf.Load((IEnumerable<string>?)settings.Value.RegistriesConfFiles ?? RegistriesConf.DefaultFiles(), loggers.CreateLogger<RegistriesConf>());
            var handler = new SocketsHttpHandler
            {
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                ConnectTimeout = TimeSpan.FromSeconds(10),
                AutomaticDecompression = System.Net.DecompressionMethods.All,
            };
            return new OciRegistryClient(
                handler,
                new AuthFileCredentials(authFiles, loggers.CreateLogger<AuthFileCredentials>()),
                registries,
                settings,
                sp.GetRequiredService<TimeProvider>(),
                loggers.CreateLogger<OciRegistryClient>());
        });
        return services;
    }

    private static uint CurrentUid() => OperatingSystem.IsWindows() ? 0 : uint.TryParse(Environment.GetEnvironmentVariable("UID"), out var uid) ? uid : GetUid();

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "getuid")]
    private static extern uint GetUid();
}
