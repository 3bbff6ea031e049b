using Homelab.Controllers.NetworkPolicies;
using Homelab.Controllers.Routes;
using Homelab.Controllers.Services;
using Homelab.Controllers.Updates;
using Homelab.Operator;
using Homelab.Podman;
using Homelab.Proxy;
using Homelab.Registry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Homelab.Server.Hosting;

/// <summary>The controllers this build of homelabd ships, by the name <c>--controllers</c> uses.</summary>
public static class HomelabControllers
{
    public const string Service = "service";
    public const string NetworkPolicy = "networkpolicy";
    public const string UpdatePolicy = "updatepolicy";
    public const string Route = "route";

    public static ControllerCatalog CreateCatalog() => new ControllerCatalog()
        .Add(Service, services =>
        {
            services.AddHomelabOperator().AddServiceController();
            // Config files the containers mount live next to the store, so one --data-dir holds all the daemon's state;
            // the podman API socket lives beside homelabd's own.
            services.AddOptions<PodmanOptions>().Configure<IOptions<HomelabServerOptions>>((podman, server) =>
            {
                podman.DataDir = server.Value.DataDir;
                podman.ManagedBy = server.Value.Instance;
                podman.RuntimeDir = Path.GetDirectoryName(Path.GetFullPath(server.Value.SocketPath))!;
                podman.SecretsDir = $"/dev/shm/homelab-{server.Value.Instance}";
            });
        })
        .Add(NetworkPolicy, services => services.AddHomelabOperator().AddNetworkPolicyController())
        .Add(UpdatePolicy, services =>
        {
            services.AddHomelabRegistry();
            services.AddHomelabOperator().AddUpdatePolicyController();
        })
        .Add(Route, services =>
        {
            // Internal Issuers' CAs live in the data directory (issuers/NAME/), the proxy's state beside them (proxy/).
            services.AddHomelabOperator().AddRouteController(sp => sp.GetRequiredService<IOptions<HomelabServerOptions>>().Value.DataDir);
            services.AddOptions<ProxyOptions>().Configure<IOptions<HomelabServerOptions>>((proxy, server) =>
                proxy.DataDir = Path.Combine(Path.GetFullPath(server.Value.DataDir), "proxy"));
        });
}
