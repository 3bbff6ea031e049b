namespace Homelab.Cli.Client;

/// <summary>Nothing listens on the socket: the one failure every command reports the same way.</summary>
internal sealed class DaemonUnreachableException(string socketPath, string reason, Exception? inner = null)
    : Exception($"cannot connect to homelabd at {socketPath}: {reason}", inner)
{
    public string SocketPath { get; } = socketPath;

    public string Advice =>
        $"""
        error: cannot connect to homelabd at {SocketPath} ({Reason}).
        Is the daemon running? Start it with:
          sudo homelabd --data-dir /var/lib/homelab
        or point hlctl at its socket with --socket PATH or HOMELAB_SOCKET (see README).
        If it does not start, `homelabd check` lists what the host lacks and how to fix it.
        """;

    private string Reason { get; } = reason;
}
