using System.Net;
using Homelab.Nftables.Model;

namespace Homelab.Nftables.Access;

/// <summary>One end of a connection: a Service, the host itself, or an outside address.</summary>
public sealed record AccessParty(ServiceEndpoint? Service, IPAddress? Address, bool IsHost)
{
    public static AccessParty ForService(ServiceEndpoint service) => new(service, service.Address, false);

    public static AccessParty Host(IPAddress? address) => new(null, address, true);

    public static AccessParty External(IPAddress address) => new(null, address, false);

    public override string ToString() => Service?.Key ?? (IsHost ? (Address is null ? "host" : $"host ({Address})") : Address?.ToString() ?? "?");
}
