namespace Homelab.Cli.Tests.Export;

/// <summary>
/// The example homelab's export, file by file and warning by warning, against golden files. After a deliberate change
/// of the mapping, rewrite them and review the diff:
/// HOMELAB_UPDATE_GOLDEN=1 dotnet test tests/Homelab.Cli.Tests --filter FullyQualifiedName~ExamplesGoldenTests
/// </summary>
public sealed class ExamplesGoldenTests
{
    private static readonly string Golden = Path.Combine(RepositoryPaths.ExportTests, "golden", "examples");
    private static readonly string GoldenWarnings = Path.Combine(RepositoryPaths.ExportTests, "golden", "examples.warnings.txt");

    [Fact]
    public async Task The_example_homelab_exports_to_the_golden_manifests_and_warnings()
    {
        using var export = await ExampleExport.RunAsync();
        Assert.Equal(ExitCodes.Success, export.ExitCode);

        if (Environment.GetEnvironmentVariable("HOMELAB_UPDATE_GOLDEN") == "1")
        {
            Rewrite(export);
        }
        var expected = Directory.EnumerateFiles(Golden, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Golden, f).Replace('\\', '/')).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, export.Files.Select(f => f.Path));
        foreach (var (path, text) in export.Files)
        {
            Assert.True(File.ReadAllText(Path.Combine(Golden, path)) == text, $"{path} differs from its golden file; see the class comment to rewrite it");
        }
        Assert.Equal(File.ReadAllText(GoldenWarnings), export.Warnings);
    }

    private static void Rewrite(ExampleExport export)
    {
        if (Directory.Exists(Golden))
        {
            Directory.Delete(Golden, recursive: true);
        }
        foreach (var (path, text) in export.Files)
        {
            var target = Path.Combine(Golden, path);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.WriteAllText(target, text);
        }
        File.WriteAllText(GoldenWarnings, export.Warnings);
    }
}
