using System.Runtime.CompilerServices;

namespace Homelab.Cli.Tests.Export;

/// <summary>Paths in the source tree (not the build output), so golden files can be rewritten where they are committed.</summary>
internal static class RepositoryPaths
{
    public static string ExportTests { get; } = Here();

    public static string Examples { get; } = Path.GetFullPath(Path.Combine(ExportTests, "..", "..", "..", "examples"));

    private static string Here([CallerFilePath] string file = "") => Path.GetDirectoryName(file)!;
}
