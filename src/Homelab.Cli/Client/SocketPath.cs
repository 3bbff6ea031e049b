namespace Homelab.Cli.Client;

/// <summary>Where the daemon listens: --socket, else $HOMELAB_SOCKET, else the packaged default.</summary>
internal static class SocketPath
{
    public const string Default = "/run/homelab/homelab.sock";
    public const string EnvironmentVariable = "HOMELAB_SOCKET";

    public static string Resolve(string? option, Func<string, string?> environment) =>
        !string.IsNullOrEmpty(option) ? option
        : environment(EnvironmentVariable) is { Length: > 0 } fromEnv ? fromEnv
        : Default;
}
