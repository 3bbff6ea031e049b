namespace Homelab.Server;

/// <summary>How homelabd runs. Bound from the "Homelab" configuration section, which the command line fills.</summary>
public sealed class HomelabServerOptions
{
    public const string Section = "Homelab";
    public const string DefaultDataDir = "/var/lib/homelab";
    public const string DefaultSocketPath = "/run/homelab/homelab.sock";
    /// <summary>The <see cref="Controllers"/> value that runs the API alone.</summary>
    public const string NoControllers = "none";
    public const string AllControllers = "all";
    public const string DefaultInstance = "homelabd";
    public static readonly TimeSpan DefaultResyncPeriod = TimeSpan.FromSeconds(30);

    /// <summary>Holds the store file and its lock; one daemon per directory.</summary>
    public string DataDir { get; set; } = DefaultDataDir;

    public string SocketPath { get; set; } = DefaultSocketPath;

    /// <summary>
    /// ADDRESS:PORT (or a port, on loopback) of the TLS listener for Kubernetes clients; null (the default) serves none.
    /// </summary>
    public string? Listen { get; set; }

    /// <summary>
    /// Serves the read-only status pages under /ui/ (on the socket and, behind the admin token, on the TLS listener).
    /// Off by default.
    /// </summary>
    public bool Dashboard { get; set; }

    /// <summary>"all", "none", or a comma-separated list of controller names.</summary>
    public string Controllers { get; set; } = AllControllers;

    /// <summary>When set, the socket is handed to this group with mode 0660 instead of 0600.</summary>
    public string? SocketGroup { get; set; }

    /// <summary>Largest request body accepted; larger ones answer 413.</summary>
    public long MaxRequestBodyBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>
    /// Names this daemon's share of the host: its Podman objects are labelled with it and its nft tables carry it, so a second
    /// daemon (a benchmark or a trial next to the real one) never touches the first one's containers, networks or rules.
    /// </summary>
    public string Instance { get; set; } = DefaultInstance;

    /// <summary>
    /// The least severe log entries written: Debug adds each podman and nft call with its duration and each reconcile;
    /// ASP.NET Core's own entries stay at Warning or above.
    /// </summary>
    public Microsoft.Extensions.Logging.LogLevel LogLevel { get; set; } = Microsoft.Extensions.Logging.LogLevel.Information;

    /// <summary>The security level enforced where a Namespace has no homelab.dev/enforce label (--default-security-level).</summary>
    public Homelab.Api.Security.SecurityLevel DefaultSecurityLevel { get; set; } = Homelab.Api.Security.SecurityLevel.Baseline;

    /// <summary>Comma-separated namespaces no security level applies to (--security-exempt-namespaces).</summary>
    public string? SecurityExemptNamespaces { get; set; }

    /// <summary>How often every controller re-reconciles every object, repairing drift made behind its back.</summary>
    public TimeSpan ResyncPeriod { get; set; } = DefaultResyncPeriod;

    /// <summary>How often a watch that asked for bookmarks receives one.</summary>
    public TimeSpan WatchBookmarkInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the daemon looks whether it went idle after a burst of work and can give memory back; zero turns it off.</summary>
    public TimeSpan MemoryTrimInterval { get; set; } = TimeSpan.FromSeconds(10);
}
