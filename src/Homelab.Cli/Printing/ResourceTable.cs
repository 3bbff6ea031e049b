using System.Text.Json.Nodes;
using Homelab.Api.Printing;
using Homelab.Api.Resources;
using Homelab.Api.Serialization;

namespace Homelab.Cli.Printing;

/// <summary>Builds the `get` table of a kind, with NAMESPACE first when listing across namespaces.</summary>
internal sealed class ResourceTable(KindInfo kind, bool wide, bool allNamespaces)
{
    private readonly IKindColumns _columns = KindColumns.For(kind);
    private readonly bool _withNamespace = allNamespaces && kind.Namespaced;

    public IReadOnlyList<string> Headers => _withNamespace ? [.. _columns.Headers(wide).Prepend("NAMESPACE")] : _columns.Headers(wide);

    public IReadOnlyList<string> Row(JsonObject obj, DateTimeOffset now)
    {
        var cells = _columns.Cells(obj, wide, now);
        return _withNamespace ? [.. cells.Prepend(JsonText.Namespace(obj) ?? "")] : cells;
    }

    public Table Build(IEnumerable<JsonObject> objects, DateTimeOffset now)
    {
        var table = new Table(Headers);
        foreach (var obj in objects)
        {
            table.Add(Row(obj, now));
        }
        return table;
    }
}
