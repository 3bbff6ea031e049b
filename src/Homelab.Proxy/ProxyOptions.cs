namespace Homelab.Proxy;

/// <summary>
/// The proxy homelabd runs: a Service of its own (namespace/name), from a locally built Caddy image, published on the
/// host's ports. Bound from the Proxy section (Proxy__HttpsPort=8443 in homelabd's environment).
/// </summary>
public sealed class ProxyOptions
{
    /// <summary>Host ports users reach the proxy on.</summary>
    public int HttpPort { get; set; } = 80;
    public int HttpsPort { get; set; } = 443;

    /// <summary>The host address the ports are published on; all addresses when empty.</summary>
    public string? HostIP { get; set; }

    /// <summary>Built by src/Homelab.Server/dist/build-proxy-image.sh from Debian's caddy package.</summary>
    public string Image { get; set; } = "127.0.0.1:5000/homelab/proxy:2.6.2";

    /// <summary>Where the proxy Service lives; a second homelabd on the host needs another namespace (Podman names are global).</summary>
    public string Namespace { get; set; } = "homelab-system";
    public string Name { get; set; } = "proxy";

    /// <summary>The host directory mounted as the proxy's /data: admin socket, Caddy's state, the certificates it serves.</summary>
    public string DataDir { get; set; } = "/var/lib/homelab/proxy";

    /// <summary>Unprivileged ports inside the container, so it needs no capability at all.</summary>
    public const int ContainerHttpPort = 8080;
    public const int ContainerHttpsPort = 8443;

    /// <summary>The mount point of <see cref="DataDir"/> inside the container.</summary>
    public const string ContainerDataDir = "/data";

    public const string AdminSocketName = "admin.sock";
}
