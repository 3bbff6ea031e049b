namespace Homelab.Nftables.Model;

/// <summary>Everything the firewall is compiled from. Order does not matter: compilation sorts.</summary>
public sealed record FirewallInput(
    IReadOnlyList<ServiceEndpoint> Services,
    IReadOnlyList<NamespaceInfo> Namespaces,
    IReadOnlyList<PolicyInput> Policies);
