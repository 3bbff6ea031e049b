using System.Text.Json.Nodes;

namespace Homelab.Translation.Import.Compose;

/// <summary>
/// A Compose project as Compose reads it: files merged, interpolated, extends resolved, profiles applied, short syntax
/// made long. <see cref="Networks"/>, <see cref="Volumes"/>, <see cref="Secrets"/> and <see cref="Configs"/> are the
/// top-level mappings.
/// </summary>
internal sealed record ComposeProject(
    string Name,
    string Source,
    IReadOnlyList<ComposeService> Services,
    JsonObject Networks,
    JsonObject Volumes,
    JsonObject Secrets,
    JsonObject Configs,
    Func<string, string?> Environment);

/// <summary>One service: its merged definition and, per top-level field, the file that last set it (for warnings).</summary>
internal sealed record ComposeService(string Name, JsonObject Definition, string Source, IReadOnlyDictionary<string, string> FieldSources)
{
    public string SourceOf(string field) => FieldSources.TryGetValue(field.Split('.', '[')[0], out var file) ? file : Source;
}
