namespace Homelab.Cli.Tests.Export;

/// <summary>The example homelab exported by the real command into a fresh directory: its files and its warnings.</summary>
internal sealed class ExampleExport : IDisposable
{
    private ExampleExport(string directory, int exitCode, string warnings)
    {
        Directory = directory;
        ExitCode = exitCode;
        Warnings = warnings;
    }

    public string Directory { get; }
    public int ExitCode { get; }

    /// <summary>stderr, with the checkout's path to examples/ shortened to "examples" so it reads the same on every machine.</summary>
    public string Warnings { get; }

    /// <summary>Relative path → content, in path order.</summary>
    public IReadOnlyList<(string Path, string Text)> Files =>
        [.. System.IO.Directory.EnumerateFiles(Directory, "*", SearchOption.AllDirectories)
            .Select(f => (Path.GetRelativePath(Directory, f).Replace('\\', '/'), File.ReadAllText(f)))
            .OrderBy(f => f.Item1, StringComparer.Ordinal)];

    public static async Task<ExampleExport> RunAsync(params string[] extra)
    {
        var directory = Path.Combine(Path.GetTempPath(), "hl-export-" + Guid.NewGuid().ToString("N"));
        var cli = new ExportCli();
        var exitCode = await cli.RunAsync(["export", "kubernetes", "-f", RepositoryPaths.Examples, "-R", "-o", directory, .. extra]);
        return new ExampleExport(directory, exitCode, cli.Err.ToString().Replace(RepositoryPaths.Examples, "examples", StringComparison.Ordinal));
    }

    public void Dispose()
    {
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }
}
