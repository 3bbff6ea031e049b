using System.Globalization;
using Homelab.Controllers.NetworkPolicies;
using Homelab.Controllers.Updates;
using Homelab.Nftables.Firewall;
using Homelab.Nftables.Rendering;
using Homelab.Operator;
using Homelab.Podman;
using Homelab.Registry;
using Homelab.Server.Endpoints;
using Homelab.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Homelab.Server.Hosting;

/// <summary>Builds and starts homelabd; Program and the tests both go through here so they run the same host.</summary>
public static partial class HomelabHost
{
    private const string OperatorSection = "Operator";
    private const string StoreSection = "Store";
    private const string NftSection = "Nft";
    private const string PodmanSection = "Podman";
    private const string RegistrySection = "Registry";
    private const string UpdatesSection = "Updates";
    private const string ProxySection = "Proxy";

    /// <summary>Wires the store, the API and the selected controllers. Opens nothing yet.</summary>
    /// <exception cref="ControllerSelectionException">--controllers names an unknown controller.</exception>
    public static WebApplication Build(HomelabServerOptions settings, ControllerCatalog catalog, Action<WebApplicationBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(catalog);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ApplicationName = "homelabd" });
        builder.Configuration.AddInMemoryCollection(ToConfiguration(settings));
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.UseUtcTimestamp = true;
            console.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
        });
        // A daemon's stdout may be a pipe nobody reads; diagnostics belong on stderr.
        builder.Services.Configure<ConsoleLoggerOptions>(console => console.LogToStandardErrorThreshold = LogLevel.Trace);

        builder.Services.AddHomelabStore(store => store.DataDir = settings.DataDir);
        // The store's limits and tuning (Store__WatchBufferSize, Store__CheckpointPages …) come from the environment.
        builder.Services.AddOptions<StoreOptions>().BindConfiguration(StoreSection);
        builder.Services.Configure<Store.Admission.SecurityOptions>(security =>
        {
            security.DefaultLevel = settings.DefaultSecurityLevel;
            security.ExemptNamespaces = [.. (settings.SecurityExemptNamespaces ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];
        });
        builder.Services.AddHomelabApi();
        // --listen's TLS endpoint: the slim builder leaves Kestrel's HTTPS out unless asked.
        builder.WebHost.UseKestrelHttpsConfiguration();
        // The resource client and the firewall views back the logs/access/explain endpoints even with --controllers none.
        builder.Services.AddHomelabOperator();
        builder.Services.AddOptions<OperatorOptions>().BindConfiguration(OperatorSection);
        builder.Services.AddNetworkPolicyViews();
        builder.Services.AddOptions<NftOptions>().BindConfiguration(NftSection).Configure<IOptions<HomelabServerOptions>>((nft, server) =>
            nft.TableName = server.Value.Instance == HomelabServerOptions.DefaultInstance ? NftRenderer.DefaultTableName : server.Value.Instance);
        builder.Services.AddHostedService<IdleMemoryTrimmer>();
        // The drivers' binaries and timeouts (Podman__CommandTimeout, Nft__CommandTimeout, Registry__RequestTimeout,
        // Updates__RegistryRetryDelay …) from the environment; bound before the controllers register, so what homelabd
        // derives from its own options (data dir, instance) still wins.
        builder.Services.AddOptions<PodmanOptions>().BindConfiguration(PodmanSection);
        builder.Services.AddOptions<RegistryOptions>().BindConfiguration(RegistrySection);
        // The proxy's host ports, image and namespace (Proxy__HttpsPort=8443 …).
        builder.Services.AddOptions<Proxy.ProxyOptions>().BindConfiguration(ProxySection);
        // Not bound whole: its TimeZone (a TimeZoneInfo) has no configuration form.
        builder.Services.AddOptions<UpdatePolicyOptions>().Configure<IConfiguration>((updates, configuration) =>
        {
            if (configuration.GetValue<TimeSpan?>(UpdatesSection + ":" + nameof(UpdatePolicyOptions.RegistryRetryDelay)) is { } retry)
            {
                updates.RegistryRetryDelay = retry;
            }
        });
        builder.Services.AddSingleton(new ControllerSelection(catalog.Register(builder.Services, settings.Controllers)));
        // Resolved first when the daemon starts (see StartHomelabAsync); disposed with the host, which frees the instance.
        builder.Services.AddSingleton(_ => InstanceLock.Acquire(settings.Instance, settings.DataDir));
        configure?.Invoke(builder);

        var app = builder.Build();
        app.MapHomelabApi();
        app.MapServiceLogs();
        app.MapNetworkPolicyEndpoints();
        if (settings.Dashboard)
        {
            Dashboard.DashboardEndpoints.MapDashboard(app);
        }
        return app;
    }

    /// <summary>
    /// Takes the instance, then opens the store, so a second daemon of the same instance or on the same data directory
    /// fails on a lock before it touches the socket or starts any controller; then binds the socket and starts serving
    /// and the background services.
    /// </summary>
    /// <exception cref="InstanceLockedException">Another homelabd runs this instance.</exception>
    public static async Task StartHomelabAsync(this WebApplication app, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(app);
        _ = app.Services.GetRequiredService<InstanceLock>();
        var store = app.Services.GetRequiredService<IResourceStore>();
        if (app.Services.GetRequiredService<IOptions<HomelabServerOptions>>().Value.Listen is not null)
        {
            // With the store's lock held: make or load the TLS listener's CA, certificate and token before serving.
            _ = app.Services.GetRequiredService<Kubernetes.KubernetesCredentials>();
        }
        // Listening from the start: a counter moved before the first scrape would otherwise be lost.
        _ = app.Services.GetRequiredService<Metrics.MetricsCollector>();
        await app.StartAsync(cancellationToken);
        var controllers = app.Services.GetRequiredService<ControllerSelection>().Names;
        LogServing(app.Logger, store.Revision, controllers.Count == 0 ? HomelabServerOptions.NoControllers : string.Join(", ", controllers));
    }

    /// <summary>Starts, then serves until SIGTERM/SIGINT or <paramref name="cancellationToken"/>.</summary>
    public static async Task RunHomelabAsync(this WebApplication app, CancellationToken cancellationToken)
    {
        await app.StartHomelabAsync(cancellationToken);
        await app.WaitForShutdownAsync(cancellationToken);
    }

    private static LogLevel Max(LogLevel a, LogLevel b) => a > b ? a : b;

    private static Dictionary<string, string?> ToConfiguration(HomelabServerOptions settings)
    {
        const string prefix = HomelabServerOptions.Section + ":";
        return new Dictionary<string, string?>
        {
            [prefix + nameof(HomelabServerOptions.DataDir)] = settings.DataDir,
            [prefix + nameof(HomelabServerOptions.SocketPath)] = settings.SocketPath,
            [prefix + nameof(HomelabServerOptions.Controllers)] = settings.Controllers,
            [prefix + nameof(HomelabServerOptions.SocketGroup)] = settings.SocketGroup,
            [prefix + nameof(HomelabServerOptions.Listen)] = settings.Listen,
            [prefix + nameof(HomelabServerOptions.Dashboard)] = settings.Dashboard ? "true" : "false",
            [prefix + nameof(HomelabServerOptions.Instance)] = settings.Instance,
            [prefix + nameof(HomelabServerOptions.MaxRequestBodyBytes)] = settings.MaxRequestBodyBytes.ToString(CultureInfo.InvariantCulture),
            [prefix + nameof(HomelabServerOptions.WatchBookmarkInterval)] = settings.WatchBookmarkInterval.ToString("c", CultureInfo.InvariantCulture),
            [prefix + nameof(HomelabServerOptions.MemoryTrimInterval)] = settings.MemoryTrimInterval.ToString("c", CultureInfo.InvariantCulture),
            [OperatorSection + ":" + nameof(OperatorOptions.ResyncPeriod)] = settings.ResyncPeriod.ToString("c", CultureInfo.InvariantCulture),
            ["Logging:LogLevel:Default"] = settings.LogLevel.ToString(),
            ["Logging:LogLevel:Microsoft.AspNetCore"] = Max(settings.LogLevel, LogLevel.Warning).ToString(),
            ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = Max(settings.LogLevel, LogLevel.Warning).ToString(),
        };
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "homelabd serving at revision {Revision}; controllers: {Controllers}")]
    private static partial void LogServing(ILogger logger, long revision, string controllers);
}
