using System.Net;
using Homelab.Nftables.Access;
using Homelab.Nftables.Model;

namespace Homelab.Server.Dashboard;

/// <summary>
/// The allowed flows between Services and the outside, asked of the same <see cref="AccessModel"/> that
/// <c>explain-access</c> and the firewall compiler use: an edge A → B for every port of B that both A's egress and B's
/// ingress allow. The outside is three nodes, each standing for one probe address (named on the node): the host (a
/// Service network's gateway), the LAN and the internet.
/// </summary>
internal sealed record PolicyGraph(IReadOnlyList<GraphNode> Nodes, IReadOnlyList<GraphEdge> Edges)
{
    public const string Host = "host";
    public const string Lan = "lan";
    public const string Internet = "internet";

    // Probe addresses for the outside nodes, and the ports a Service's egress to them is asked about.
    private static readonly IPAddress LanProbe = IPAddress.Parse("192.168.1.10");
    private static readonly IPAddress InternetProbe = IPAddress.Parse("1.1.1.1");
    private static readonly NamedPort[] OutsidePorts = [new("dns", 53, "UDP"), new("http", 80, "TCP"), new("https", 443, "TCP")];

    public static PolicyGraph Build(AccessModel model)
    {
        var services = model.Services.OrderBy(s => s.Namespace, StringComparer.Ordinal).ThenBy(s => s.Name, StringComparer.Ordinal).ToList();
        var nodes = new List<GraphNode>
        {
            new(Host, "host", null, "the host (a Service network's gateway)", false, false),
            new(Lan, "LAN", null, $"the LAN, probed as {LanProbe}", false, false),
            new(Internet, "internet", null, $"the internet, probed as {InternetProbe}", false, false),
        };
        foreach (var service in services)
        {
            var summary = model.Summarize(service);
            nodes.Add(new GraphNode(service.Key, service.Name, service.Namespace, service.Key, summary.IngressIsolated, summary.EgressIsolated));
        }
        var outside = new (string Id, AccessParty Party)[] { (Host, AccessParty.Host(null)), (Lan, AccessParty.External(LanProbe)), (Internet, AccessParty.External(InternetProbe)) };
        var edges = new List<GraphEdge>();
        foreach (var to in services)
        {
            var target = AccessParty.ForService(to);
            foreach (var (id, party) in outside)
            {
                Add(edges, model, id, party, to.Key, target, to.Ports);
            }
            foreach (var from in services.Where(f => f != to))
            {
                Add(edges, model, from.Key, AccessParty.ForService(from), to.Key, target, to.Ports);
            }
        }
        foreach (var from in services)
        {
            foreach (var (id, party) in outside.Where(o => o.Id != Host))
            {
                Add(edges, model, from.Key, AccessParty.ForService(from), id, party, OutsidePorts);
            }
        }
        return new PolicyGraph(nodes, edges);
    }

    private static void Add(List<GraphEdge> edges, AccessModel model, string fromId, AccessParty from, string toId, AccessParty to, IReadOnlyList<NamedPort> ports)
    {
        var allowed = new List<string>();
        var rules = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var port in ports)
        {
            var decision = model.Explain(from, to, port.Port, port.Protocol);
            if (decision.Allowed)
            {
                allowed.Add($"{port.Protocol}/{port.Port}");
                rules.UnionWith(decision.Egress.Rules.Concat(decision.Ingress.Rules));
            }
        }
        if (allowed.Count > 0)
        {
            edges.Add(new GraphEdge(fromId, toId, allowed, [.. rules]));
        }
    }
}

/// <summary>A Service (with its default-deny state per direction) or an outside party.</summary>
internal sealed record GraphNode(string Id, string Label, string? Namespace, string Description, bool IngressIsolated, bool EgressIsolated);

/// <summary>An allowed flow with its ports and the rules that allow it (none: neither side is isolated).</summary>
internal sealed record GraphEdge(string From, string To, IReadOnlyList<string> Ports, IReadOnlyList<string> Rules)
{
    public string Id => From + ">" + To;
}
