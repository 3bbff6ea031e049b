using Homelab.Api.Resources;

namespace Homelab.Nftables.Model;

public sealed record PolicyInput(string Namespace, string Name, NetworkPolicySpec Spec)
{
    public PolicyRef Ref => new(Namespace, Name);
}
