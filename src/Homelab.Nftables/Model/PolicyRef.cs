namespace Homelab.Nftables.Model;

public sealed record PolicyRef(string Namespace, string Name) : IComparable<PolicyRef>
{
    public int CompareTo(PolicyRef? other) => other is null ? 1 : string.CompareOrdinal(ToString(), other.ToString());

    public override string ToString() => $"{Namespace}/{Name}";
}
