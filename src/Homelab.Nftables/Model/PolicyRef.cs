namespace Homelab.Nftables.Model;

public sealed record PolicyRef(string Namespace, string Name)
{
    public override string ToString() => $"{Namespace}/{Name}";

    /// <summary>
    /// The name as nft chain and set names carry it. A policy a Route implies is named "route:NAME", which no
    /// NetworkPolicy can be; nft names cannot hold ':', so it becomes "-route-NAME", which no NetworkPolicy name (it
    /// never starts with '-') can become either.
    /// </summary>
    public string NftName => Name.Contains(':', StringComparison.Ordinal) ? "-" + Name.Replace(':', '-') : Name;
}
