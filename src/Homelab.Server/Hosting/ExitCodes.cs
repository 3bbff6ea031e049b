namespace Homelab.Server.Hosting;

public static class ExitCodes
{
    public const int Success = 0;
    /// <summary>The daemon could not start: its instance or its data directory is in use, the socket cannot be bound, the store is unreadable.</summary>
    public const int StartupFailed = 1;
    /// <summary>The command line or the options are wrong.</summary>
    public const int Usage = 2;
    /// <summary>A host check failed (podman's network backend, nft, the data directory …): see <c>homelabd check</c>.</summary>
    public const int PreflightFailed = 3;
}
