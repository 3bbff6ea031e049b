using Homelab.Server.Endpoints;
using Homelab.Operator;
using Homelab.Server.Hosting;
using Homelab.Server.Kubernetes;
using Homelab.Server.Metrics;
using Homelab.Server.Preflight;
using Homelab.Server.Dashboard;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Homelab.Server;

public static class HomelabApiServiceCollectionExtensions
{
    /// <summary>
    /// The HTTP API on the Unix socket: endpoints, Kestrel limits, the socket (the store compacts its own changelog). Needs an
    /// <see cref="Store.IResourceStore"/> registered alongside (AddHomelabStore) and binds <see cref="HomelabServerOptions"/>
    /// from the "Homelab" configuration section.
    /// </summary>
    public static IServiceCollection AddHomelabApi(this IServiceCollection services)
    {
        services.AddOptions<HomelabServerOptions>().BindConfiguration(HomelabServerOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<HomelabServerOptions>, HomelabServerOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddRoutingCore();

        services.TryAddSingleton<UnixSocketListener>();
        services.TryAddSingleton<ApiSocketState>();
        services.TryAddSingleton<HostPreflight>();
        services.AddHostCheck<DataDirCheck>();
        services.AddHostCheck<SocketCheck>();
        services.TryAddSingleton<WatchStreamer>();
        services.TryAddSingleton<ResourceReadEndpoints>();
        services.TryAddSingleton<ResourceWriteEndpoints>();
        services.TryAddSingleton<StatusEndpoints>();
        services.TryAddSingleton<BatchEndpoint>();
        services.TryAddSingleton<EventEndpoints>();
        services.TryAddSingleton<KubernetesCredentials>();
        services.AddMetrics();
        services.TryAddSingleton<ServiceSummaries>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IMetricsSource, ObjectMetrics>());
        services.TryAddSingleton<MetricsCollector>();

        services.AddOptions<KestrelServerOptions>().Configure<IOptions<HomelabServerOptions>, IServiceProvider>((kestrel, options, provider) =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = options.Value.MaxRequestBodyBytes;
            kestrel.ListenUnixSocket(options.Value.SocketPath);
            if (options.Value.Listen is not null && ListenAddress.TryParse(options.Value.Listen, out var endPoint, out _))
            {
                // The certificate is looked up per handshake, not here: Kestrel reads these options when the host is
                // built, before the store holds the data directory's lock (StartHomelabAsync makes the credentials).
                kestrel.Listen(endPoint, listen => listen.UseHttps(new HttpsConnectionAdapterOptions
                {
                    ServerCertificateSelector = (_, _) => provider.GetRequiredService<KubernetesCredentials>().ServingCertificate,
                }));
            }
        });
        // Resolved at bind time, not when Kestrel is built: the listener needs the store open first (see UnixSocketListener).
        services.AddOptions<SocketTransportOptions>().Configure<IServiceProvider>((transport, provider) =>
            transport.CreateBoundListenSocket = endPoint => provider.GetRequiredService<UnixSocketListener>().CreateBoundSocket(endPoint));
        return services;
    }
}
