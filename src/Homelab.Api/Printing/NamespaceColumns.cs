using System.Text.Json.Nodes;
using Homelab.Api.Resources;

namespace Homelab.Api.Printing;

public sealed class NamespaceColumns : IKindColumns
{
    public IReadOnlyList<string> Headers(bool wide) => ["NAME", "LABELS", "AGE"];

    public IReadOnlyList<string> Cells(JsonObject obj, bool wide, DateTimeOffset now)
    {
        var ns = LenientJson.To<Namespace>(obj);
        return [ns.Name, SelectorText.Labels(ns.Metadata.Labels), Age.Since(ns.Metadata.CreationTimestamp, now)];
    }
}
