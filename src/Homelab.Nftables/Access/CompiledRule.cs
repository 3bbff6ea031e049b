using Homelab.Nftables.Model;

namespace Homelab.Nftables.Access;

internal sealed record CompiledRule(RuleRef Ref, PeerMatch Peers, PortMatch Ports)
{
    /// <summary>
    /// Whether this rule lets <paramref name="peer"/> talk to or from the selected side. For ingress, named ports resolve on the
    /// selected Service (the destination); for egress they resolve on the destination peer and only when a selector (or an empty
    /// peer list) chose it: an ipBlock names addresses, which have no named ports.
    /// </summary>
    public bool Allows(AccessParty peer, ServiceEndpoint? destination, string protocol, int port)
    {
        var bySelector = Peers.Any || (peer.Service is not null && Peers.HasService(peer.Service));
        var byAddress = Peers.HasAddress(peer.Address);
        if (!bySelector && !byAddress)
        {
            return false;
        }
        if (Ports.AllowsNumeric(protocol, port))
        {
            return true;
        }
        return (Ref.Direction == TrafficDirection.Ingress || bySelector) && Ports.AllowsNamed(protocol, port, destination);
    }
}
