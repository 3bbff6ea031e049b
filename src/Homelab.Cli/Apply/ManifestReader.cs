using Homelab.Api.Serialization;

namespace Homelab.Cli.Apply;

/// <summary>Reads -f arguments (files, directories, "-" for stdin) into YAML documents, in a stable order.</summary>
internal static class ManifestReader
{
    public const string Stdin = "-";
    private static readonly string[] Extensions = [".yaml", ".yml", ".json"];

    public static async Task<IReadOnlyList<ManifestDocument>> ReadAsync(IReadOnlyList<string> paths, bool recursive, TextReader stdin, CancellationToken ct)
    {
        if (paths.Count == 0)
        {
            throw new CliException("must specify one of -f or --filename");
        }
        var documents = new List<ManifestDocument>();
        foreach (var path in paths)
        {
            foreach (var file in Expand(path, recursive))
            {
                var text = file == Stdin
                    ? await stdin.ReadToEndAsync(ct).ConfigureAwait(false)
                    : await File.ReadAllTextAsync(file, ct).ConfigureAwait(false);
                documents.AddRange(YamlManifest.Parse(text, file == Stdin ? "<stdin>" : file));
            }
        }
        return documents;
    }

    /// <summary>A file as is; a directory's .yaml/.yml/.json files sorted by path, descending into subdirectories with -R.</summary>
    public static IReadOnlyList<string> Expand(string path, bool recursive)
    {
        if (path == Stdin || File.Exists(path))
        {
            return [path];
        }
        if (!Directory.Exists(path))
        {
            throw new CliException($"the path \"{path}\" does not exist");
        }
        var option = recursive ? SearchOption.AllDirectories : SearchOption.TopDirectoryOnly;
        return Directory.EnumerateFiles(path, "*", option)
            .Where(f => Extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .ToList();
    }
}
