using System.Text.Json.Nodes;

namespace Homelab.Cli.Printing;

/// <summary>The table columns of one kind (after NAMESPACE, which the table adds for -A).</summary>
internal interface IKindColumns
{
    IReadOnlyList<string> Headers(bool wide);

    IReadOnlyList<string> Cells(JsonObject obj, bool wide, DateTimeOffset now);
}
