using Homelab.Api.Resources;
using Homelab.Api.Security;
using Homelab.Proxy;

namespace Homelab.Controllers.Routes;

/// <summary>
/// The proxy as a Service of its own, so it runs exactly as any Service does: its own network, no capabilities,
/// no-new-privileges, a read-only root, restarted on a crash, and visible to the firewall, `describe` and
/// `explain-access`. Caddy listens on unprivileged ports inside; the host ports are the homelab's entrance.
/// </summary>
internal static class ProxyService
{
    public const string ProxyLabel = "homelab.dev/proxy";

    /// <summary>The admin socket in the data directory, nothing else: Caddy resumes its last config (autosave) over this.</summary>
    public static string InitialConfig =>
        "{\"admin\":{\"listen\":\"unix/" + ProxyOptions.ContainerDataDir + "/" + ProxyOptions.AdminSocketName + "\",\"origins\":[\"" + Homelab.Proxy.Caddy.CaddyAdminOrigin.Value + "\"]}}";

    public static Namespace Namespace(ProxyOptions options) => new()
    {
        Metadata = new()
        {
            Name = options.Namespace,
            Labels = new() { [ProxyLabel] = "true" },
            // The proxy's data directory is the one host path this namespace may mount.
            Annotations = new() { [SecurityLabels.AllowedHostPaths] = options.DataDir },
        },
    };

    public static Service Service(ProxyOptions options) => new()
    {
        Metadata = new()
        {
            Name = options.Name,
            Namespace = options.Namespace,
            Labels = new() { [ProxyLabel] = "true", ["app"] = "proxy" },
        },
        Spec = new ServiceSpec
        {
            Image = options.Image,
            Command = ["/usr/bin/caddy", "run", "--config", "/etc/caddy/initial.json", "--resume"],
            Env =
            [
                new() { Name = "HOME", Value = ProxyOptions.ContainerDataDir },
                new() { Name = "XDG_CONFIG_HOME", Value = $"{ProxyOptions.ContainerDataDir}/config" },
                new() { Name = "XDG_DATA_HOME", Value = $"{ProxyOptions.ContainerDataDir}/data" },
            ],
            Ports =
            [
                new() { Name = "http", ContainerPort = ProxyOptions.ContainerHttpPort, Protocol = Protocols.Tcp, HostPort = options.HttpPort, HostIP = string.IsNullOrEmpty(options.HostIP) ? null : options.HostIP },
                new() { Name = "https", ContainerPort = ProxyOptions.ContainerHttpsPort, Protocol = Protocols.Tcp, HostPort = options.HttpsPort, HostIP = string.IsNullOrEmpty(options.HostIP) ? null : options.HostIP },
            ],
            Volumes = [new() { HostPath = options.DataDir, MountPath = ProxyOptions.ContainerDataDir }],
            ConfigFiles = [new() { MountPath = "/etc/caddy/initial.json", Content = InitialConfig, Mode = "0444" }],
            Resources = new() { Memory = "256Mi", Pids = 256 },
            RestartPolicy = RestartPolicies.Always,
            StopGracePeriod = "10s",
            SecurityContext = new() { ReadOnlyRootFilesystem = true },
        },
    };
}
