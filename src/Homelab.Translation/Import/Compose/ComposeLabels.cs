namespace Homelab.Translation.Import.Compose;

/// <summary>The labels an import puts on Services: the project, the compose service, and one per compose network it was on.</summary>
internal static class ComposeLabels
{
    public const string Project = "compose.homelab.dev/project";

    /// <summary>The service's own name, so the policy that opens its published ports selects it alone.</summary>
    public const string Service = "compose.homelab.dev/service";

    /// <summary>One label per compose network, which that network's NetworkPolicy selects on.</summary>
    public static string Network(string network) => "network.compose.homelab.dev/" + ComposeValues.Name(network);
}
