namespace Homelab.Nftables.Model;

public enum TrafficDirection
{
    Ingress,
    Egress,
}
