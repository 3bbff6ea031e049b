using System.Net.Sockets;
using Homelab.Nftables.Access;
using Homelab.Nftables.Model;

namespace Homelab.Nftables.Rendering;

/// <summary>
/// The answer of <see cref="AccessModel.Explain(string, string, int, string)"/> with what enforces it in the table: for each
/// direction, the set element (or rule line) of each rule that allows the connection, found by rendering that rule alone
/// and looking the connection's fields up in its sets as the kernel does, or the isolation whose drop denies it.
/// </summary>
public static class NftExplain
{
    /// <exception cref="ArgumentException">A party, the port or the protocol is invalid.</exception>
    public static AccessDecision Explain(AccessModel model, string tableName, string from, string to, int port, string protocol)
    {
        ArgumentNullException.ThrowIfNull(model);
        var decision = model.Explain(from, to, port, protocol);
        var (source, destination) = model.Parties(from, to);
        var pass = new RenderPass(model, NftText.Name(tableName), RenderPass.MaxPairs);
        var flow = new Flow(pass, source, destination, NftText.Protocol(PortProtocols.Normalize(protocol)!), port);
        return decision with
        {
            Enforcement = [.. Direction(model, pass, flow, TrafficDirection.Egress, decision.Egress), .. Direction(model, pass, flow, TrafficDirection.Ingress, decision.Ingress)],
        };
    }

    private static IEnumerable<string> Direction(AccessModel model, RenderPass pass, Flow flow, TrafficDirection direction, DirectionVerdict verdict)
    {
        var word = direction == TrafficDirection.Ingress ? "ingress" : "egress";
        var subject = direction == TrafficDirection.Ingress ? flow.To.Service : flow.From.Service;
        if (!verdict.Isolated || subject?.Interface is null)
        {
            yield break;
        }
        if (!verdict.Allowed)
        {
            yield return $"{word}_isolated holds {pass.Bridge(subject)}: chain {word} drops what no element matches";
            yield break;
        }
        // The allowing rules are rules of the policies that isolate the subject in this direction.
        foreach (var policy in model.Isolating(subject, direction))
        {
            foreach (var rule in policy.Rules(direction).Where(r => verdict.Rules.Contains(r.Ref.ToString())))
            {
                var flows = FlowSets.For(direction);
                var part = new PolicyPart("");
                pass.AddRule(policy, rule, RenderPass.Running(policy.Selected), flows, part);
                foreach (var found in flow.Lookup(flows, direction))
                {
                    yield return $"{found} ({rule.Ref})";
                }
                foreach (var line in part.Lines)
                {
                    yield return $"rule line in the {word}_wide chain of {subject.Key}: {line}";
                }
            }
        }
    }

    /// <summary>A new connection's fields as the chains look them up.</summary>
    private sealed class Flow(RenderPass pass, AccessParty from, AccessParty to, string protocol, int port)
    {
        public AccessParty From => from;

        public AccessParty To => to;

        public IEnumerable<string> Lookup(FlowSets flows, TrafficDirection direction)
        {
            var ingress = direction == TrafficDirection.Ingress;
            var subject = pass.Bridge((ingress ? to : from).Service!);
            var peer = ingress ? from : to;
            var number = (UInt128)port;
            var hits = new List<(FlatSet Set, string? Element)>
            {
                (flows.Open, flows.Open.Covering($"{subject} . {protocol} . {port}")),
                (flows.OpenRanges, flows.OpenRanges.Covering($"{subject} . {protocol}", number)),
                (flows.OpenAll, flows.OpenAll.Covering(subject)),
            };
            if (peer.Service?.Interface is not null && from.Service?.Interface is not null && to.Service?.Interface is not null)
            {
                var pair = $"{pass.Bridge(from.Service)} . {pass.Bridge(to.Service)}";
                hits.Add((flows.Flows, flows.Flows.Covering($"{pair} . {protocol} . {port}")));
                hits.Add((flows.FlowRanges, flows.FlowRanges.Covering($"{pair} . {protocol}", number)));
                hits.Add((flows.Pairs, flows.Pairs.Covering(pair)));
            }
            if (peer.Address is { } address)
            {
                var value = Cidr.ToNumber(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);
                var (blocks, all) = address.AddressFamily == AddressFamily.InterNetwork || address.IsIPv4MappedToIPv6
                    ? (flows.Blocks4, flows.Blocks4All)
                    : (flows.Blocks6, flows.Blocks6All);
                hits.Add((blocks, blocks.Covering($"{subject} . {protocol}", value, number)));
                hits.Add((all, all.Covering(subject, value)));
            }
            return hits.Where(h => h.Element is not null).Select(h => $"{h.Set.Name} element {h.Element}");
        }
    }
}
