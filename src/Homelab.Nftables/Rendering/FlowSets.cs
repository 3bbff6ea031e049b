using Homelab.Nftables.Model;

namespace Homelab.Nftables.Rendering;

/// <summary>
/// The fixed sets one direction's allowed flows go into, each matched by one rule line of that direction's chain. Keys
/// start with the source then the destination bridge for Service-to-Service flows, and with the policy's own Service (the
/// destination for ingress, the source for egress) for flows to or from anyone and address blocks. Exact ports go into
/// hash sets, ranges into interval sets, so the usual single port costs a hash lookup whatever the number of elements.
/// </summary>
internal sealed class FlowSets
{
    private static readonly Layout[] Layouts = [new(TrafficDirection.Ingress), new(TrafficDirection.Egress)];

    private FlowSets(Layout layout)
    {
        var sets = layout.Sets.Select(d => new FlatSet(d.Name, d.Type, d.Intervals)).ToArray();
        (Flows, FlowRanges, Pairs, Open, OpenRanges, OpenAll, Blocks4, Blocks4All, Blocks6, Blocks6All) =
            (sets[0], sets[1], sets[2], sets[3], sets[4], sets[5], sets[6], sets[7], sets[8], sets[9]);
        Matches = [.. sets.Select((set, i) => (set, layout.Sets[i].Match))];
    }

    /// <summary>source . destination . protocol . port</summary>
    public FlatSet Flows { get; }

    public FlatSet FlowRanges { get; }

    /// <summary>source . destination: every protocol and port.</summary>
    public FlatSet Pairs { get; }

    /// <summary>own Service . protocol . port, from or to anyone.</summary>
    public FlatSet Open { get; }

    public FlatSet OpenRanges { get; }

    /// <summary>own Service: everything from or to anyone.</summary>
    public FlatSet OpenAll { get; }

    /// <summary>own Service . protocol . address range . port range.</summary>
    public FlatSet Blocks4 { get; }

    /// <summary>own Service . address range: every protocol and port.</summary>
    public FlatSet Blocks4All { get; }

    public FlatSet Blocks6 { get; }

    public FlatSet Blocks6All { get; }

    /// <summary>Each set with the packet fields it is looked up with, in the order the chain tries them.</summary>
    public IReadOnlyList<(FlatSet Set, string Match)> Matches { get; }

    public static FlowSets For(TrafficDirection direction) => new(Layouts[direction == TrafficDirection.Ingress ? 0 : 1]);

    /// <summary>A port range: a single port goes to the hash set, a range to the interval set.</summary>
    public void AddFlow(string source, string destination, string protocol, Span ports)
    {
        if (ports.First == ports.Last)
        {
            Flows.Add($"{source} . {destination} . {protocol} . {ports}");
        }
        else
        {
            FlowRanges.Add($"{source} . {destination} . {protocol}", ports);
        }
    }

    public void AddOpen(string subject, string protocol, Span ports)
    {
        if (ports.First == ports.Last)
        {
            Open.Add($"{subject} . {protocol} . {ports}");
        }
        else
        {
            OpenRanges.Add($"{subject} . {protocol}", ports);
        }
    }

    /// <summary>The names, types and packet matches of one direction's sets, made once.</summary>
    private sealed class Layout
    {
        public Layout(TrafficDirection direction)
        {
            var ingress = direction == TrafficDirection.Ingress;
            var p = ingress ? "in" : "eg";
            var subject = ingress ? "oifname" : "iifname";
            var address = ingress ? "saddr" : "daddr";
            const string FlowType = "ifname . ifname . inet_proto . inet_service";
            const string OpenType = "ifname . inet_proto . inet_service";
            const string FlowMatch = "iifname . oifname . meta l4proto . th dport";
            Sets =
            [
                ($"{p}_flows", FlowType, 0, FlowMatch),
                ($"{p}_flow_ranges", FlowType, 1, FlowMatch),
                ($"{p}_pairs", "ifname . ifname", 0, "iifname . oifname"),
                ($"{p}_open", OpenType, 0, $"{subject} . meta l4proto . th dport"),
                ($"{p}_open_ranges", OpenType, 1, $"{subject} . meta l4proto . th dport"),
                ($"{p}_open_all", "ifname", 0, subject),
                ($"{p}_blocks4", "ifname . inet_proto . ipv4_addr . inet_service", 2, $"{subject} . meta l4proto . ip {address} . th dport"),
                ($"{p}_blocks4_all", "ifname . ipv4_addr", 1, $"{subject} . ip {address}"),
                ($"{p}_blocks6", "ifname . inet_proto . ipv6_addr . inet_service", 2, $"{subject} . meta l4proto . ip6 {address} . th dport"),
                ($"{p}_blocks6_all", "ifname . ipv6_addr", 1, $"{subject} . ip6 {address}"),
            ];
        }

        public (string Name, string Type, int Intervals, string Match)[] Sets { get; }
    }
}
