using Homelab.Nftables.Model;

namespace Homelab.Nftables.Access;

/// <summary>
/// A port given by name; it means a number only against a destination Service that declares it. Ordered by protocol,
/// then name, as rules list them.
/// </summary>
internal readonly record struct NamedPortRef(string Protocol, string Name) : IComparable<NamedPortRef>
{
    public int CompareTo(NamedPortRef other)
    {
        var order = string.CompareOrdinal(Protocol, other.Protocol);
        return order != 0 ? order : string.CompareOrdinal(Name, other.Name);
    }

    public IEnumerable<int> ResolveOn(ServiceEndpoint destination)
    {
        foreach (var port in destination.Ports)
        {
            if (port.Name == Name && port.Protocol == Protocol)
            {
                yield return port.Port;
            }
        }
    }

    public override string ToString() => $"{Protocol}/{Name}";
}
