namespace Homelab.Cli.Apply;

/// <summary>Values of --dry-run, as in kubectl.</summary>
internal static class DryRun
{
    public const string None = "none";
    public const string Client = "client";
    public const string Server = "server";

    public static readonly string[] All = [None, Client, Server];

    public static string Suffix(string mode) => mode switch
    {
        Client => " (dry run)",
        Server => " (server dry run)",
        _ => "",
    };
}
