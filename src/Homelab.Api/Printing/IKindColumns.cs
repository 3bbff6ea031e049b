using System.Text.Json.Nodes;

namespace Homelab.Api.Printing;

/// <summary>The table columns of one kind (after NAMESPACE, which the table adds for -A).</summary>
public interface IKindColumns
{
    IReadOnlyList<string> Headers(bool wide);

    IReadOnlyList<string> Cells(JsonObject obj, bool wide, DateTimeOffset now);
}
