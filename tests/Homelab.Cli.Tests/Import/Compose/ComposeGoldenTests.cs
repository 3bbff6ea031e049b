using Homelab.Cli.Tests.EndToEnd;

namespace Homelab.Cli.Tests.Import.Compose;

/// <summary>
/// One theory over <c>testdata/CASE/</c>: the Compose files there (with <c>args</c>, one argument a line, default
/// <c>compose -f $CASE/compose.yaml</c>, and <c>environment</c>, KEY=VALUE lines, as the process environment) are imported and
/// compared with <c>expected/</c> and <c>expected-warnings.txt</c> (the case's directory written as $CASE), then applied
/// with --dry-run=server to a real homelabd, which must accept them unless a warning says why it would not. After a
/// deliberate change, rewrite the expectations and review the diff:
/// HOMELAB_UPDATE_GOLDEN=1 dotnet test tests/Homelab.Cli.Tests --filter FullyQualifiedName~ComposeGoldenTests
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class ComposeGoldenTests(ComposeGoldenTests.DaemonFixture daemon) : IClassFixture<ComposeGoldenTests.DaemonFixture>
{
    public static TheoryData<string> Cases() => [.. Directory.EnumerateDirectories(ComposeImportRun.TestData).Select(d => Path.GetFileName(d)!).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_compose_project_imports_to_the_expected_objects_and_warnings_and_passes_a_server_dry_run(string name)
    {
        var dir = Path.Combine(ComposeImportRun.TestData, name);
        var args = File.Exists(Path.Combine(dir, "args")) ? File.ReadAllLines(Path.Combine(dir, "args")).Where(l => l.Length > 0).ToArray() : ["compose", "-f", "$CASE/compose.yaml"];
        var environment = File.Exists(Path.Combine(dir, "environment"))
            ? File.ReadAllLines(Path.Combine(dir, "environment")).Where(l => l.Contains('=')).ToDictionary(l => l[..l.IndexOf('=')], l => l[(l.IndexOf('=') + 1)..])
            : [];
        using var run = await ComposeImportRun.RunAsync(environment, [.. args.Select(a => a.Replace("$CASE", dir, StringComparison.Ordinal))]);
        Assert.True(run.ExitCode == 0, run.Err);
        var warnings = run.Err.Replace(dir, "$CASE", StringComparison.Ordinal);
        var files = run.Files().Select(f => (f.Path, Text: f.Text.Replace(dir, "$CASE", StringComparison.Ordinal))).ToList();
        var expected = Path.Combine(dir, "expected");
        if (Environment.GetEnvironmentVariable("HOMELAB_UPDATE_GOLDEN") == "1")
        {
            Rewrite(expected, files, Path.Combine(dir, "expected-warnings.txt"), warnings);
        }
        Assert.Equal(
            Directory.EnumerateFiles(expected, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(expected, f).Replace('\\', '/')).Order(StringComparer.Ordinal),
            files.Select(f => f.Path));
        foreach (var (path, text) in files)
        {
            Assert.True(File.ReadAllText(Path.Combine(expected, path)) == text, $"{name}: {path} differs from expected/{path}:\n{text}");
        }
        Assert.Equal(File.ReadAllText(Path.Combine(dir, "expected-warnings.txt")), warnings);

        var revision = await daemon.Daemon.RevisionAsync();
        var apply = await Hlctl.RunAsync(daemon.Daemon.Socket, "apply", "-f", run.Output, "-R", "--dry-run=server");
        if (warnings.Contains("hlctl apply fails", StringComparison.Ordinal))
        {
            Assert.True(apply.ExitCode != 0, "the warnings say the apply fails, and it passed:\n" + apply.Out);
            Assert.Contains("Forbidden", apply.Err, StringComparison.OrdinalIgnoreCase);
        }
        else
        {
            Assert.True(apply.ExitCode == 0, apply.Err + apply.Out);
        }
        Assert.Equal(revision, await daemon.Daemon.RevisionAsync());
    }

    private static void Rewrite(string expected, IReadOnlyList<(string Path, string Text)> files, string warningsFile, string warnings)
    {
        if (Directory.Exists(expected))
        {
            Directory.Delete(expected, recursive: true);
        }
        foreach (var (path, text) in files)
        {
            var target = Path.Combine(expected, path);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.WriteAllText(target, text);
        }
        File.WriteAllText(warningsFile, warnings);
    }

    /// <summary>One homelabd without controllers for every case: a dry run stores nothing, so the cases do not meet.</summary>
    public sealed class DaemonFixture : IAsyncLifetime
    {
        private readonly InstanceDaemon _host = InstanceDaemon.WithoutControllers("hltest-compose-golden-");

        internal Daemon Daemon => _host.Daemon;

        public Task InitializeAsync() => _host.Daemon.StartAsync();

        public async Task DisposeAsync() => await _host.DisposeAsync();
    }
}
