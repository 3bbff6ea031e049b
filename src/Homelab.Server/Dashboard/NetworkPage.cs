using System.Globalization;
using System.Text;
using Homelab.Nftables.Access;
using Homelab.Nftables.Model;
using static Homelab.Server.Dashboard.Html;

namespace Homelab.Server.Dashboard;

/// <summary>The policy graph, the selected edge's rules, each Service's default-deny state and the "why not A → B?" form.</summary>
internal static class NetworkPage
{
    public const string Title = "Network";
    public const string Path = Layout.Root + "/network";

    public static string Body(AccessModel model, string? selectedEdge, WhyNotQuery? query)
    {
        var graph = PolicyGraph.Build(model);
        var html = new StringBuilder(16 * 1024);
        html.Append("<p>").Append(graph.Edges.Count).Append(" allowed flows between ").Append(graph.Nodes.Count - 3)
            .Append(" Services and the outside. An arrow is a flow both the source's egress and the destination's ingress allow; select one to see the rules.</p>");
        html.Append("<div class=\"scroll\" id=\"graph\">").Append(PolicyGraphSvg.Render(graph, selectedEdge, Path)).Append("</div>");
        Selected(html, graph, selectedEdge);
        WhyNot(html, model, query);
        Isolation(html, graph);
        Flows(html, graph);
        return html.ToString();
    }

    private static void Selected(StringBuilder html, PolicyGraph graph, string? selectedEdge)
    {
        if (selectedEdge is null)
        {
            return;
        }
        html.Append("<section id=\"edge\" aria-labelledby=\"edge-title\"><h2 id=\"edge-title\">Selected flow</h2>");
        if (graph.Edges.FirstOrDefault(e => e.Id == selectedEdge) is { } edge)
        {
            html.Append("<p><strong>").Append(E(edge.From)).Append(" → ").Append(E(edge.To)).Append("</strong> on ").Append(E(string.Join(", ", edge.Ports))).Append("</p>");
            html.Append(edge.Rules.Count == 0
                ? "<p>No rule is needed: neither side is isolated by a NetworkPolicy.</p>"
                : "<p>Allowed by:</p><ul>" + string.Concat(edge.Rules.Select(r => "<li><code>" + E(r) + "</code></li>")) + "</ul>");
        }
        else
        {
            html.Append("<p>No such flow is allowed now.</p>");
        }
        html.Append("</section>");
    }

    private static void WhyNot(StringBuilder html, AccessModel model, WhyNotQuery? query)
    {
        var parties = new[] { "host" }.Concat(model.Services.Select(s => s.Key).Order(StringComparer.Ordinal)).ToList();
        html.Append("<section aria-labelledby=\"whynot-title\"><h2 id=\"whynot-title\">Why not A → B?</h2>")
            .Append("<form method=\"get\" action=\"").Append(Path).Append("#whynot\" id=\"whynot-form\">");
        Select(html, "from", "From", parties, query?.From);
        Select(html, "to", "To", parties.Where(p => p != "host"), query?.To);
        html.Append("<label for=\"port\">Port<input id=\"port\" name=\"port\" inputmode=\"numeric\" size=\"6\" value=\"")
            .Append(E(query?.Port ?? "")).Append("\" placeholder=\"any declared\"></label>");
        html.Append("<label for=\"protocol\">Protocol<select id=\"protocol\" name=\"protocol\">");
        foreach (var p in new[] { "TCP", "UDP", "SCTP" })
        {
            html.Append("<option").Append(p == (query?.Protocol ?? "TCP") ? " selected" : "").Append('>').Append(p).Append("</option>");
        }
        html.Append("</select></label><button type=\"submit\">Explain</button></form>");
        if (query is not null)
        {
            html.Append("<div id=\"whynot\" role=\"status\">").Append(Explain(model, query)).Append("</div>");
        }
        html.Append("</section>");
    }

    private static string Explain(AccessModel model, WhyNotQuery query)
    {
        try
        {
            var to = model.Resolve(query.To, "to");
            IReadOnlyList<NamedPort> ports = query.Port is { Length: > 0 } text
                ? [new NamedPort(null, int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) ? port : throw new ArgumentException($"port: \"{text}\" is not a port number (1-65535)"), query.Protocol)]
                : to.Service?.Ports is { Count: > 0 } declared ? declared : throw new ArgumentException($"to: {query.To} declares no ports; give one");
            var from = model.Resolve(query.From, "from");
            var html = new StringBuilder("<ul>");
            foreach (var p in ports)
            {
                var decision = model.Explain(from, to, p.Port, p.Protocol);
                html.Append("<li><strong class=\"").Append(decision.Allowed ? "ok\">allowed" : "bad\">denied").Append("</strong> ")
                    .Append(E($"{query.From} → {query.To} {p.Protocol}/{p.Port}")).Append(": ").Append(E(decision.Reason));
                if (decision.Policies.Count > 0)
                {
                    html.Append("<br>").Append(decision.Allowed ? "rules: " : "isolated by: ").Append(string.Join(", ", decision.Policies.Select(n => "<code>" + E(n) + "</code>")));
                }
                html.Append("</li>");
            }
            return html.Append("</ul>").ToString();
        }
        catch (ArgumentException e)
        {
            return "<p class=\"bad\">" + E(e.Message.Split(" (Parameter", 2)[0]) + "</p>";
        }
    }

    private static void Select(StringBuilder html, string name, string label, IEnumerable<string> options, string? selected)
    {
        html.Append("<label for=\"").Append(name).Append("\">").Append(label).Append("<select id=\"").Append(name).Append("\" name=\"").Append(name).Append("\">");
        foreach (var option in options)
        {
            html.Append("<option").Append(option == selected ? " selected" : "").Append('>').Append(E(option)).Append("</option>");
        }
        html.Append("</select></label>");
    }

    private static void Isolation(StringBuilder html, PolicyGraph graph)
    {
        html.Append("<h2>Default deny</h2><div class=\"scroll\"><table><thead><tr><th scope=\"col\">Service</th><th scope=\"col\">Ingress</th><th scope=\"col\">Egress</th></tr></thead><tbody>");
        foreach (var node in graph.Nodes.Where(n => n.Namespace is not null))
        {
            html.Append("<tr><th scope=\"row\">").Append(E(node.Id)).Append("</th><td>").Append(node.IngressIsolated ? "<span class=\"badge warn\">default-deny</span>" : "open")
                .Append("</td><td>").Append(node.EgressIsolated ? "<span class=\"badge warn\">default-deny</span>" : "open").Append("</td></tr>");
        }
        html.Append("</tbody></table></div>");
    }

    /// <summary>The same edges as a table: what the picture shows, readable without it.</summary>
    private static void Flows(StringBuilder html, PolicyGraph graph)
    {
        html.Append("<h2>Allowed flows</h2><div class=\"scroll\"><table id=\"flows\"><thead><tr><th scope=\"col\">From</th><th scope=\"col\">To</th><th scope=\"col\">Ports</th><th scope=\"col\">Rules</th></tr></thead><tbody>");
        foreach (var edge in graph.Edges.OrderBy(e => e.Id, StringComparer.Ordinal))
        {
            html.Append("<tr data-edge=\"").Append(E(edge.Id)).Append("\"><td>").Append(E(edge.From)).Append("</td><td>").Append(E(edge.To)).Append("</td><td>")
                .Append(E(string.Join(", ", edge.Ports))).Append("</td><td>").Append(edge.Rules.Count == 0 ? "<span class=\"muted\">no policy isolates either side</span>" : E(string.Join(", ", edge.Rules))).Append("</td></tr>");
        }
        html.Append("</tbody></table></div>");
    }
}

/// <summary>The "why not" form's fields as submitted.</summary>
internal sealed record WhyNotQuery(string From, string To, string? Port, string Protocol);
