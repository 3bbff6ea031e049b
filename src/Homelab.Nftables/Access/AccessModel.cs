using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Homelab.Nftables.Model;

namespace Homelab.Nftables.Access;

/// <summary>
/// Who may open a connection to whom, with Kubernetes NetworkPolicy semantics and Services in place of Pods. The nft renderer
/// renders exactly this model, so <see cref="Explain(string, string, int, string)"/> answers for the rules that are loaded.
/// </summary>
public sealed class AccessModel
{
    private readonly Dictionary<string, ServiceEndpoint> _byKey;
    private readonly Dictionary<IPAddress, ServiceEndpoint> _byAddress;
    private readonly HashSet<IPAddress> _gateways;
    private readonly Dictionary<PolicyRef, CompiledPolicy> _policies;
    private readonly Dictionary<string, List<CompiledPolicy>> _ingressBy = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<CompiledPolicy>> _egressBy = new(StringComparer.Ordinal);

    private AccessModel(PolicyCompiler compiler)
    {
        Services = compiler.Services;
        CompiledPolicies = compiler.Policies;
        Diagnostics = compiler.Diagnostics;
        _byKey = Services.ToDictionary(s => s.Key, StringComparer.Ordinal);
        _byAddress = Services.SelectMany(s => new[] { (Address: s.Address, Service: s), (Address: s.Address6, Service: s) })
            .Where(x => x.Address is not null)
            .GroupBy(x => x.Address!)
            .ToDictionary(g => g.Key, g => g.First().Service);
        _gateways = Services.SelectMany(s => new[] { GatewayOf(s), Gateway6Of(s) }).OfType<IPAddress>().ToHashSet();
        _policies = CompiledPolicies.ToDictionary(p => p.Ref);
        foreach (var policy in CompiledPolicies)
        {
            foreach (var service in policy.Selected)
            {
                if (policy.IsIngress)
                {
                    Add(_ingressBy, service.Key, policy);
                }
                if (policy.IsEgress)
                {
                    Add(_egressBy, service.Key, policy);
                }
            }
        }
    }

    /// <summary>Services sorted by namespace/name.</summary>
    public IReadOnlyList<ServiceEndpoint> Services { get; }

    /// <summary>Parts of policies that could not be compiled and were left out.</summary>
    public IReadOnlyList<PolicyDiagnostic> Diagnostics { get; }

    internal IReadOnlyList<CompiledPolicy> CompiledPolicies { get; }

    public static AccessModel Build(FirewallInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new AccessModel(new PolicyCompiler(input));
    }

    /// <summary>The policies, sorted, that isolate <paramref name="service"/> for <paramref name="direction"/>.</summary>
    internal IReadOnlyList<CompiledPolicy> Isolating(ServiceEndpoint service, TrafficDirection direction) =>
        (direction == TrafficDirection.Ingress ? _ingressBy : _egressBy).TryGetValue(service.Key, out var list) ? list : [];

    /// <summary>The gateway of a Service's network: as given, else the first address of its subnet (Podman's default).</summary>
    public static IPAddress? GatewayOf(ServiceEndpoint service)
    {
        if (service.Gateway is not null)
        {
            return service.Gateway;
        }
        if (service.Subnet is not { } subnet)
        {
            return null;
        }
        var bytes = subnet.BaseAddress.GetAddressBytes();
        bytes[^1] |= 1;
        return new IPAddress(bytes);
    }

    /// <summary>The IPv6 gateway of a dual-stack Service's network: the first address of its IPv6 subnet, as Homelab creates it.</summary>
    public static IPAddress? Gateway6Of(ServiceEndpoint service)
    {
        if (service.Subnet6 is not { } subnet)
        {
            return null;
        }
        var bytes = subnet.BaseAddress.GetAddressBytes();
        bytes[^1] |= 1;
        return new IPAddress(bytes);
    }

    /// <summary>
    /// Resolves "namespace/name" to a Service, "host" to the host, and an IP address to the Service that has it, to the host
    /// when it is a Service network's gateway, or else to an outside address.
    /// </summary>
    /// <exception cref="ArgumentException">The text is none of these, or names an unknown Service.</exception>
    public AccessParty Resolve(string text, string field)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new ArgumentException($"{field}: is required (namespace/name, an IP address or \"host\")", field);
        }
        if (text == "host")
        {
            return AccessParty.Host(null);
        }
        if (IPAddress.TryParse(text, out var address))
        {
            if (address.IsIPv4MappedToIPv6)
            {
                address = address.MapToIPv4();
            }
            if (_byAddress.TryGetValue(address, out var owner))
            {
                // The Service at the address asked for: its IPv6 one decides which ipBlocks match.
                return AccessParty.ForService(owner) with { Address = address };
            }
            return _gateways.Contains(address) ? AccessParty.Host(address) : AccessParty.External(address);
        }
        if (text.Split('/') is [var ns, var name] && ns.Length > 0 && name.Length > 0)
        {
            return _byKey.TryGetValue(text, out var service)
                ? AccessParty.ForService(service)
                : throw new ArgumentException($"{field}: Service {ns}/{name} does not exist", field);
        }
        throw new ArgumentException($"{field}: \"{text}\" is not namespace/name, an IP address or \"host\"", field);
    }

    /// <summary>Explains a new connection between two parties written as for <see cref="Resolve"/>.</summary>
    /// <exception cref="ArgumentException">A party, the port or the protocol is invalid.</exception>
    public AccessDecision Explain(string from, string to, int port, string protocol) =>
        Explain(Resolve(from, "from"), Resolve(to, "to"), port, protocol);

    public AccessDecision Explain(AccessParty from, AccessParty to, int port, string protocol)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        var proto = PortProtocols.Normalize(protocol) ?? throw new ArgumentException($"protocol: \"{protocol}\" is not TCP, UDP or SCTP", nameof(protocol));
        if (port is < 1 or > 65535)
        {
            throw new ArgumentException($"port: {port.ToString(CultureInfo.InvariantCulture)} is outside 1-65535", nameof(port));
        }
        // A connection has one family: a Service at one end speaks the family of an address named at the other.
        (from, to) = (InFamilyOf(from, to.Address), InFamilyOf(to, from.Address));
        var egress = EgressVerdict(from, to, proto, port);
        var ingress = IngressVerdict(from, to, proto, port);
        var allowed = egress.Allowed && ingress.Allowed;
        var policies = allowed
            ? egress.Rules.Concat(ingress.Rules).ToList()
            : (egress.Allowed ? [] : IsolatingNames(from.Service!, TrafficDirection.Egress)).Concat(ingress.Allowed ? [] : IsolatingNames(to.Service!, TrafficDirection.Ingress)).ToList();
        var reason = allowed
            ? $"allowed: {egress.Reason}; {ingress.Reason}"
            : $"denied: {(egress.Allowed ? ingress.Reason : egress.Reason)}";
        return new AccessDecision(allowed, reason, policies, egress, ingress);
    }

    /// <summary>The two parties as <see cref="Explain(string, string, int, string)"/> judges them, each in the connection's family.</summary>
    internal (AccessParty From, AccessParty To) Parties(string from, string to)
    {
        var (source, destination) = (Resolve(from, "from"), Resolve(to, "to"));
        return (InFamilyOf(source, destination.Address), InFamilyOf(destination, source.Address));
    }

    /// <summary>The effective access of one Service, for describe.</summary>
    public ServiceAccessSummary Summarize(ServiceEndpoint service)
    {
        ArgumentNullException.ThrowIfNull(service);
        var ingress = Isolating(service, TrafficDirection.Ingress);
        var egress = Isolating(service, TrafficDirection.Egress);
        return new ServiceAccessSummary(
            service.Key,
            ingress.Count > 0,
            ingress.Select(p => p.Ref.ToString()).ToList(),
            ingress.SelectMany(p => p.IngressRules).Select(r => Summary(r, service, TrafficDirection.Ingress)).ToList(),
            egress.Count > 0,
            egress.Select(p => p.Ref.ToString()).ToList(),
            egress.SelectMany(p => p.EgressRules).Select(r => Summary(r, service, TrafficDirection.Egress)).ToList());
    }

    public ServiceEndpoint? FindService(string ns, string name) => _byKey.GetValueOrDefault($"{ns}/{name}");

    /// <summary>A policy as compiled, or null when there is no such policy.</summary>
    internal CompiledPolicy? Compiled(PolicyRef policy) => _policies.GetValueOrDefault(policy);

    /// <summary>The Services a policy selects, or null when there is no such policy. Called for every policy after each load.</summary>
    public IReadOnlyList<ServiceEndpoint>? SelectedBy(PolicyRef policy) => Compiled(policy)?.Selected;

    private static AccessParty InFamilyOf(AccessParty party, IPAddress? other) =>
        party.Service is { Address6: { } address6 } service && other?.AddressFamily == AddressFamily.InterNetworkV6 && party.Address?.AddressFamily != AddressFamily.InterNetworkV6
            ? party with { Address = address6 }
            : party;

    private DirectionVerdict EgressVerdict(AccessParty from, AccessParty to, string protocol, int port)
    {
        if (from.Service is not { } source)
        {
            return new DirectionVerdict(true, false, from.IsHost ? "the host may always connect (node rule)" : $"{from} is not a Service, so no egress policy applies", []);
        }
        var gateway = GatewayOf(source);
        var ownGateway = to.Address is null ? to.IsHost && gateway is not null : to.Address.Equals(gateway) || to.Address.Equals(Gateway6Of(source));
        if (port == 53 && protocol is PortProtocols.Udp or PortProtocols.Tcp && ownGateway)
        {
            return new DirectionVerdict(true, IsIsolated(source, TrafficDirection.Egress), $"DNS to {source.Key}'s own gateway is always allowed", []);
        }
        var target = to.IsHost && to.Address is null && gateway is not null ? AccessParty.Host(gateway) : to;
        return Verdict(source, TrafficDirection.Egress, target, target.Service, protocol, port);
    }

    private DirectionVerdict IngressVerdict(AccessParty from, AccessParty to, string protocol, int port)
    {
        if (to.Service is not { } destination)
        {
            return new DirectionVerdict(true, false, $"{to} is not a Service, so no ingress policy applies", []);
        }
        if (from.IsHost)
        {
            return new DirectionVerdict(true, IsIsolated(destination, TrafficDirection.Ingress), "the host may always connect to a Service (node rule)", []);
        }
        return Verdict(destination, TrafficDirection.Ingress, from, destination, protocol, port);
    }

    private DirectionVerdict Verdict(ServiceEndpoint subject, TrafficDirection direction, AccessParty peer, ServiceEndpoint? destination, string protocol, int port)
    {
        var word = direction == TrafficDirection.Ingress ? "ingress" : "egress";
        var policies = Isolating(subject, direction);
        if (policies.Count == 0)
        {
            return new DirectionVerdict(true, false, $"{subject.Key} is not isolated for {word}", []);
        }
        var rules = policies
            .SelectMany(p => p.Rules(direction))
            .Where(r => r.Allows(peer, destination, protocol, port))
            .Select(r => r.Ref.ToString())
            .ToList();
        var target = direction == TrafficDirection.Ingress ? $"from {peer}" : $"to {peer}";
        return rules.Count > 0
            ? new DirectionVerdict(true, true, $"{subject.Key} {word} {target} on {protocol}/{port} allowed by {string.Join(", ", rules)}", rules)
            : new DirectionVerdict(false, true, $"{subject.Key} is isolated for {word} by {string.Join(", ", policies.Select(p => p.Ref))} and no rule allows {target} on {protocol}/{port}", []);
    }

    private bool IsIsolated(ServiceEndpoint service, TrafficDirection direction) => Isolating(service, direction).Count > 0;

    private IEnumerable<string> IsolatingNames(ServiceEndpoint service, TrafficDirection direction) => Isolating(service, direction).Select(p => p.Ref.ToString());

    private static RuleSummary Summary(CompiledRule rule, ServiceEndpoint subject, TrafficDirection direction)
    {
        var ports = rule.Ports;
        if (direction == TrafficDirection.Ingress && ports.Named.Count > 0)
        {
            // Named ports of an ingress rule resolve on the Service itself; show the numbers they mean here.
            var resolved = ports.Named.Select(n => $"{n}={string.Join("|", n.ResolveOn(subject))}".TrimEnd('='));
            return new RuleSummary(rule.Ref.ToString(), rule.Peers.ToString(), string.Join(", ", ports.Numeric.Select(r => r.ToString()).Concat(resolved)));
        }
        return new RuleSummary(rule.Ref.ToString(), rule.Peers.ToString(), ports.ToString());
    }

    private static void Add(Dictionary<string, List<CompiledPolicy>> index, string key, CompiledPolicy policy)
    {
        if (!index.TryGetValue(key, out var list))
        {
            index[key] = list = [];
        }
        list.Add(policy);
    }
}
