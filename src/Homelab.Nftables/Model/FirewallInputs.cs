using System.Net;
using Homelab.Api.Resources;

namespace Homelab.Nftables.Model;

/// <summary>Builds the firewall's input from stored resources: the one place that reads Service status for the firewall.</summary>
public static class FirewallInputs
{
    public static FirewallInput FromResources(IEnumerable<Namespace> namespaces, IEnumerable<Service> services, IEnumerable<NetworkPolicy> policies)
    {
        ArgumentNullException.ThrowIfNull(namespaces);
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(policies);
        return new FirewallInput(
            services.Where(s => s.Metadata.DeletionTimestamp is null).Select(ToEndpoint).ToList(),
            namespaces.Select(n => new NamespaceInfo(n.Name, n.Metadata.Labels ?? [])).ToList(),
            policies.Where(p => p.Metadata.DeletionTimestamp is null).Select(p => new PolicyInput(p.Namespace, p.Name, p.Spec)).ToList());
    }

    public static ServiceEndpoint ToEndpoint(Service service)
    {
        ArgumentNullException.ThrowIfNull(service);
        var status = service.Status;
        return new ServiceEndpoint
        {
            Namespace = service.Namespace,
            Name = service.Name,
            Labels = service.Metadata.Labels ?? [],
            Interface = string.IsNullOrWhiteSpace(status?.Interface) ? null : status.Interface,
            Address = IPAddress.TryParse(status?.Ip, out var ip) ? ip : null,
            Mac = status?.Mac,
            Gateway = IPAddress.TryParse(status?.Gateway, out var gateway) ? gateway : null,
            Subnet = IPNetwork.TryParse(status?.Subnet, out var subnet) ? subnet : null,
            Address6 = IPAddress.TryParse(Ipv6(status?.Ips), out var ip6) ? ip6 : null,
            Subnet6 = IPNetwork.TryParse(Ipv6(status?.Subnets), out var subnet6) ? subnet6 : null,
            Ports = NamedPorts(service.Spec.Ports),
        };
    }

    /// <summary>The IPv6 entry of a status list that holds one value per family.</summary>
    private static string? Ipv6(List<string>? values)
    {
        foreach (var value in values ?? [])
        {
            if (value.Contains(':', StringComparison.Ordinal))
            {
                return value;
            }
        }
        return null;
    }

    /// <summary>The ports with a protocol the firewall knows. A loop, not LINQ: every reconcile reads every Service.</summary>
    private static List<NamedPort> NamedPorts(List<ServicePort>? ports)
    {
        var result = new List<NamedPort>(ports?.Count ?? 0);
        foreach (var port in ports ?? [])
        {
            if (PortProtocols.Normalize(port.Protocol) is { } protocol)
            {
                result.Add(new NamedPort(port.Name, port.ContainerPort, protocol));
            }
        }
        return result;
    }
}
