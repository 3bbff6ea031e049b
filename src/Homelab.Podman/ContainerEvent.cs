namespace Homelab.Podman;

/// <summary>One line of `podman events` about a container: what happened (died, remove, start …) and its labels.</summary>
public sealed record ContainerEvent(string Id, string Name, string Status, IReadOnlyDictionary<string, string> Labels)
{
    public string? Label(string key) => Labels.TryGetValue(key, out var value) ? value : null;
}

/// <summary>Podman's container event names that matter to Homelab.</summary>
public static class ContainerEventStatuses
{
    /// <summary>The container's process exited: a crash, an OOM kill or a stop.</summary>
    public const string Died = "died";

    public const string Remove = "remove";
}
