using System.Text.Json.Nodes;
using Homelab.Api.Resources;

namespace Homelab.Cli.Printing;

/// <summary>Builds the `get` table of a kind, with NAMESPACE first when listing across namespaces.</summary>
internal sealed class ResourceTable(KindInfo kind, bool wide, bool allNamespaces)
{
    private readonly IKindColumns _columns = ColumnsFor(kind);
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

    public static IKindColumns ColumnsFor(KindInfo kind) => kind.Kind switch
    {
        "Service" => new ServiceColumns(),
        "NetworkPolicy" => new NetworkPolicyColumns(),
        "UpdatePolicy" => new UpdatePolicyColumns(),
        "Namespace" => new NamespaceColumns(),
        "Secret" => new SecretColumns(),
        "ImagePolicy" => new ImagePolicyColumns(),
        _ => throw new ArgumentException($"no table columns for kind {kind.Kind}", nameof(kind)),
    };
}
