using System.Text.Json.Nodes;
using Homelab.Api.Serialization;
using Homelab.Translation.Export;

namespace Homelab.Cli.Printing;

/// <summary>
/// Writes converted manifests: into a new or empty directory, one file per object (-o DIR), or as one YAML stream on
/// stdout. A directory that already holds files is refused, so no file of an earlier run survives to be applied by
/// mistake.
/// </summary>
internal static class ManifestOutput
{
    public static string Render(IEnumerable<JsonObject> documents, YamlComments? comments = null) =>
        string.Join("---\n", documents.Select(d => YamlOutput.Write(d, comments is null ? null : comments.For)));

    public static async Task WriteAsync(CliContext ctx, IReadOnlyList<ExportFile> files, string? directory, YamlComments? comments, CancellationToken ct)
    {
        if (directory is null)
        {
            await ctx.Out.WriteAsync(Render(files.SelectMany(f => f.Documents), comments)).ConfigureAwait(false);
            return;
        }
        if (Directory.Exists(directory) && Directory.EnumerateFileSystemEntries(directory).Any())
        {
            throw new CliException($"-o {directory}: the directory is not empty; give a new or empty one, so no file of an earlier run is left to apply");
        }
        foreach (var file in files)
        {
            var path = Path.Combine(directory, file.Path);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, Render(file.Documents, comments), ct).ConfigureAwait(false);
            await ctx.Out.WriteLineAsync(path).ConfigureAwait(false);
        }
    }
}
