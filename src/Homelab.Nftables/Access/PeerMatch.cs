using System.Net;
using System.Net.Sockets;
using Homelab.Nftables.Model;

namespace Homelab.Nftables.Access;

/// <summary>
/// The peers of one rule: anyone (no list), or Services chosen by selectors plus address ranges from ipBlocks.
/// <see cref="Key"/> names the selectors (not the Services they choose now), so rules with the same selectors share it.
/// </summary>
internal sealed record PeerMatch(bool Any, IReadOnlyList<ServiceEndpoint> Services, AddressSet V4, AddressSet V6, string Key)
{
    public static readonly PeerMatch Anyone = new(true, [], AddressSet.Empty(AddressFamily.InterNetwork), AddressSet.Empty(AddressFamily.InterNetworkV6), "*");

    public bool HasService(ServiceEndpoint service) => Services.Any(s => s.Key == service.Key);

    public bool HasAddress(IPAddress? address) => address is not null && (V4.Contains(address) || V6.Contains(address));

    public override string ToString()
    {
        if (Any)
        {
            return "anyone";
        }
        var parts = Services.Select(s => s.Key).Concat(V4.ToElements()).Concat(V6.ToElements()).ToList();
        return parts.Count == 0 ? "nobody" : string.Join(", ", parts);
    }
}
