using System.Text.Json.Nodes;
using Homelab.Api.Resources;

namespace Homelab.Api.Printing;

/// <summary>
/// Kubernetes' own Namespace columns. No LABELS column: kubectl adds one for --show-labels, and a second would double it.
/// </summary>
public sealed class NamespaceColumns : IKindColumns
{
    public IReadOnlyList<string> Headers(bool wide) => ["NAME", "STATUS", "AGE"];

    public IReadOnlyList<string> Cells(JsonObject obj, bool wide, DateTimeOffset now)
    {
        var ns = LenientJson.To<Namespace>(obj);
        return [ns.Name, ns.Status?.Phase ?? NamespaceStatus.Active, Age.Since(ns.Metadata.CreationTimestamp, now)];
    }
}
