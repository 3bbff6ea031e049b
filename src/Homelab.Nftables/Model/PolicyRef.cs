namespace Homelab.Nftables.Model;

public sealed record PolicyRef(string Namespace, string Name)
{
    public override string ToString() => $"{Namespace}/{Name}";
}
