namespace Homelab.Podman;

/// <summary>How Homelab drives Podman on this host.</summary>
public sealed class PodmanOptions
{
    /// <summary>
    /// The value of the homelab.dev/managed-by label. Orphan pruning only ever touches objects with this value, so a
    /// test (or a second daemon) with its own value never removes another's containers.
    /// </summary>
    public string ManagedBy { get; set; } = HomelabLabels.ManagedByValue;

    /// <summary>The podman binary; a bare name is looked up on PATH.</summary>
    public string PodmanPath { get; set; } = "podman";

    /// <summary>iproute2's ip, which removes bridges netavark left behind.</summary>
    public string IpPath { get; set; } = "ip";

    /// <summary>Managed networks take their subnets from this IPv4 range.</summary>
    public string SubnetPool { get; set; } = "10.91.0.0/16";

    /// <summary>The prefix length of each managed network's subnet (24: 254 containers per network).</summary>
    public int SubnetPrefixLength { get; set; } = 24;

    /// <summary>
    /// Dual-stack networks take an IPv6 /64 each from this prefix (/64 or wider). When unset, a unique-local /48 chosen
    /// once and kept in {DataDir}/ipv6-prefix: set it to a delegated global prefix to make Services reachable without
    /// NAT, or to keep one prefix across data directories.
    /// </summary>
    public string? Ipv6Pool { get; set; }

    /// <summary>
    /// Where Secret files are written for containers to mount, one directory per Service and version: on tmpfs, so no
    /// value ever reaches a disk. homelabd uses /dev/shm/homelab-{instance}.
    /// </summary>
    public string SecretsDir { get; set; } = "/dev/shm/homelab-secrets";

    /// <summary>Per-service config files go under {DataDir}/config/{uid}/.</summary>
    public string DataDir { get; set; } = "/var/lib/homelab";

    /// <summary>
    /// A directory of root's own for the socket of the <c>podman system service</c> that creates networks (Podman 4.3's
    /// command line cannot name a bridge; its API can). homelabd uses the directory of its own socket.
    /// </summary>
    public string RuntimeDir { get; set; } = "/run/homelab";

    /// <summary>The podman API service exits after this long without a connection, and starts again when needed.</summary>
    public TimeSpan ApiIdleTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the podman API service may take to answer after it was started.</summary>
    public TimeSpan ApiStartTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Where subordinate ids for --userns=auto are declared (a "containers" entry enables it).</summary>
    public string SubUidFile { get; set; } = "/etc/subuid";

    /// <summary>A single podman command taking longer than this is killed (pulls of big images need minutes).</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long an image reference, once resolved to a local image and its digest, is not asked about again.</summary>
    public TimeSpan ImageResolveLifetime { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The same for a reference by digest (repo@sha256:…), which cannot move: kept longer, bounded so the map stays small.</summary>
    public TimeSpan DigestResolveLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long a listing of podman's networks serves subnet allocation before it is taken again.</summary>
    public TimeSpan SubnetListLifetime { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The Service controller restarts a crashed container at once the first time, then waits this long, doubling on each
    /// crash up to <see cref="RestartBackoffMax"/> (kubelet's CrashLoopBackOff).
    /// </summary>
    public TimeSpan RestartBackoffInitial { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest wait between restarts of a crashing container; one that ran twice this long counts as recovered.</summary>
    public TimeSpan RestartBackoffMax { get; set; } = TimeSpan.FromMinutes(5);
}
