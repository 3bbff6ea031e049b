namespace Homelab.Cli.Printing;

/// <summary>Values of -o.</summary>
internal static class OutputFormat
{
    public const string Table = "";
    public const string Wide = "wide";
    public const string Yaml = "yaml";
    public const string Json = "json";
    public const string Name = "name";
    public const string Nft = "nft";

    public static readonly string[] ForGet = [Wide, Yaml, Json, Name, Nft];
}
