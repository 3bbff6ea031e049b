namespace Homelab.Cli.Apply;

/// <summary>What apply did to one object, in kubectl's words.</summary>
internal static class ApplyOutcome
{
    public const string Created = "created";
    public const string Configured = "configured";
    public const string Unchanged = "unchanged";
    public const string Pruned = "pruned";
}
