using System.Text.Json.Nodes;
using Homelab.Api.Protocol;
using Homelab.Api.Resources;

namespace Homelab.Cli.Apply;

/// <summary>
/// The decision for one object: <see cref="Result"/> is what it will look like (null when pruned), <see cref="Live"/> what
/// it looks like now (null when created), <see cref="Operation"/> the write (null when unchanged).
/// </summary>
internal sealed record PlannedChange(KindInfo Kind, ObjectRef Ref, string Outcome, JsonObject? Live, JsonObject? Result, BatchOperation? Operation)
{
    public string Display => $"{Kind.Singular}/{Ref.Name}";
}
