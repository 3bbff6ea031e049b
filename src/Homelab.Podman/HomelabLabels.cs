namespace Homelab.Podman;

/// <summary>Labels on every Podman object Homelab creates; they tie the object to its Service and tell whether it is current.</summary>
public static class HomelabLabels
{
    public const string ManagedBy = "homelab.dev/managed-by";
    public const string ManagedByValue = "homelabd";
    public const string Namespace = "homelab.dev/namespace";
    public const string Name = "homelab.dev/name";
    public const string Uid = "homelab.dev/uid";
    public const string SpecHash = "homelab.dev/spec-hash";

    /// <summary>The digest the container was created from, so an unchanged tag needs no pull to prove the spec unchanged.</summary>
    public const string ImageDigest = "homelab.dev/image-digest";

    /// <summary>The spec's image reference the container was created from; while it stays the same, so does the digest.</summary>
    public const string Image = "homelab.dev/image";

    /// <summary>The keyed hash of the Secret files the container mounts: which version directory of them it uses.</summary>
    public const string SecretsHash = "homelab.dev/secrets-hash";

    /// <summary>The labels that mark an object as Homelab's and name its owner.</summary>
    /// <param name="managedBy">Which daemon owns it (<see cref="PodmanOptions.ManagedBy"/>); tests use their own value.</param>
    public static Dictionary<string, string> For(string ns, string name, string uid, string managedBy = ManagedByValue) => new(StringComparer.Ordinal)
    {
        [ManagedBy] = managedBy,
        [Namespace] = ns,
        [Name] = name,
        [Uid] = uid,
    };

    /// <summary>A label filter matching every object of one Service.</summary>
    public static Dictionary<string, string> Selector(string ns, string name, string managedBy = ManagedByValue) => new(StringComparer.Ordinal)
    {
        [ManagedBy] = managedBy,
        [Namespace] = ns,
        [Name] = name,
    };

    public static Dictionary<string, string> Managed(string managedBy = ManagedByValue) => new(StringComparer.Ordinal) { [ManagedBy] = managedBy };
}
