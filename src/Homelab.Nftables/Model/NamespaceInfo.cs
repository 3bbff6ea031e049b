namespace Homelab.Nftables.Model;

/// <summary>A namespace and its labels, as namespaceSelector sees them.</summary>
public sealed record NamespaceInfo(string Name, IReadOnlyDictionary<string, string> Labels)
{
    /// <summary>Every namespace carries this label with its own name, so a selector can name a namespace.</summary>
    public const string NameLabel = "homelab.dev/namespace";
}
