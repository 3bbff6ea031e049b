using System.Globalization;
using System.Text;
using static Homelab.Server.Dashboard.Html;

namespace Homelab.Server.Dashboard;

/// <summary>
/// Draws a <see cref="PolicyGraph"/> as SVG on the server with a fixed layout, so a screenshot of the same state is the
/// same picture: the outside on the left, then one column per namespace (sorted), Services sorted by name in it. Each
/// edge is a link that selects it (keyboard-reachable; the page then lists its rules), with a title for screen readers.
/// </summary>
internal static class PolicyGraphSvg
{
    private const int ColumnWidth = 220;
    private const int NodeWidth = 150;
    private const int NodeHeight = 44;
    private const int RowHeight = 80;
    private const int Top = 40;

    public static string Render(PolicyGraph graph, string? selectedEdge, string linkBase)
    {
        var positions = new Dictionary<string, (double X, double Y)>(StringComparer.Ordinal);
        var columns = graph.Nodes.GroupBy(n => n.Namespace ?? "").OrderBy(g => g.Key.Length == 0 ? 0 : 1).ThenBy(g => g.Key, StringComparer.Ordinal).ToList();
        var rows = columns.Max(c => c.Count());
        var width = columns.Count * ColumnWidth + 20;
        var height = Top + rows * RowHeight + 20;
        var svg = new StringBuilder(4096 + graph.Edges.Count * 300);
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"group\" aria-label=\"Policy graph: {graph.Edges.Count} allowed flows\">");
        svg.Append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0L10,5L0,10z\" fill=\"#57606a\"/></marker></defs>");
        for (var c = 0; c < columns.Count; c++)
        {
            var x = 10 + c * ColumnWidth;
            var nodes = columns[c].OrderBy(n => n.Namespace is null ? 0 : 1).ThenBy(n => n.Label, StringComparer.Ordinal).ToList();
            svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"ns\" x=\"{x}\" y=\"8\" width=\"{ColumnWidth - 20}\" height=\"{height - 16}\" rx=\"8\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + 10}\" y=\"28\" font-weight=\"bold\">{E(columns[c].Key.Length == 0 ? "outside" : "namespace " + columns[c].Key)}</text>");
            for (var r = 0; r < nodes.Count; r++)
            {
                var y = Top + r * RowHeight;
                positions[nodes[r].Id] = (x + 15, y);
            }
        }
        foreach (var edge in graph.Edges.OrderBy(e => e.Id, StringComparer.Ordinal))
        {
            Edge(svg, edge, positions, edge.Id == selectedEdge, linkBase);
        }
        foreach (var node in graph.Nodes)
        {
            Node(svg, node, positions[node.Id]);
        }
        return svg.Append("</svg>").ToString();
    }

    private static void Node(StringBuilder svg, GraphNode node, (double X, double Y) at)
    {
        svg.Append(CultureInfo.InvariantCulture, $"<g class=\"node\" data-node=\"{E(node.Id)}\"><title>{E(node.Description)}</title>");
        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{at.X}\" y=\"{at.Y}\" width=\"{NodeWidth}\" height=\"{NodeHeight}\" rx=\"6\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{at.X + 8}\" y=\"{at.Y + 18}\">{E(node.Label)}</text>");
        var badges = (node.IngressIsolated ? "in: default-deny " : "") + (node.EgressIsolated ? "out: default-deny" : "");
        if (badges.Length > 0)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{at.X + 8}\" y=\"{at.Y + 36}\" font-size=\"10\" fill=\"#9a6700\">{E(badges.Trim())}</text>");
        }
        svg.Append("</g>");
    }

    private static void Edge(StringBuilder svg, GraphEdge edge, Dictionary<string, (double X, double Y)> positions, bool selected, string linkBase)
    {
        var (fx, fy) = positions[edge.From];
        var (tx, ty) = positions[edge.To];
        // Leave from the right side and enter on the left when going right; in one column, bow out to the right.
        double x1, x2, bend;
        if (tx > fx)
        {
            (x1, x2, bend) = (fx + NodeWidth, tx, (tx - fx - NodeWidth) / 2);
        }
        else if (tx < fx)
        {
            (x1, x2, bend) = (fx, tx + NodeWidth, -(fx - tx - NodeWidth) / 2);
        }
        else
        {
            (x1, x2, bend) = (fx + NodeWidth, tx + NodeWidth, 40);
        }
        var y1 = fy + NodeHeight / 2.0;
        var y2 = ty + NodeHeight / 2.0 + (fy < ty ? -6 : 6);
        var c1 = tx == fx ? x1 + bend : x1 + bend;
        var c2 = tx == fx ? x2 + bend : x2 - bend;
        var label = $"{edge.From} → {edge.To}: {string.Join(", ", edge.Ports)}";
        svg.Append(CultureInfo.InvariantCulture, $"<a href=\"{linkBase}?edge={U(edge.Id)}#edge\" data-edge=\"{E(edge.Id)}\" aria-label=\"{E(label)}\"><title>{E(label)}</title>");
        svg.Append(CultureInfo.InvariantCulture, $"<path class=\"edge{(selected ? " selected" : "")}\" d=\"M{x1:0.#},{y1:0.#} C{c1:0.#},{y1:0.#} {c2:0.#},{y2:0.#} {x2:0.#},{y2:0.#}\" marker-end=\"url(#arrow)\"/></a>");
    }
}
