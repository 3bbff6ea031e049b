namespace Homelab.Nftables.Model;

/// <summary>One rule of one policy: "media/jellyfin-from-proxy ingress[0]", as rule comments name it.</summary>
public sealed record RuleRef(PolicyRef Policy, TrafficDirection Direction, int Index)
{
    public override string ToString() => $"{Policy} {(Direction == TrafficDirection.Ingress ? "ingress" : "egress")}[{Index}]";
}
