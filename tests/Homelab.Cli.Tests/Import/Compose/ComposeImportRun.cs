using System.Runtime.CompilerServices;
using Homelab.Cli.Client;
using Microsoft.Extensions.Time.Testing;

namespace Homelab.Cli.Tests.Import.Compose;

/// <summary>`hlctl import …` in process, with an environment of the test's own (never the test runner's) and -o into a temp dir.</summary>
internal sealed class ComposeImportRun : IDisposable
{
    private ComposeImportRun(string output) => Output = output;

    public static string TestData { get; } = Here();

    public string Output { get; }

    public int ExitCode { get; private set; }

    public string Out { get; private set; } = "";

    public string Err { get; private set; } = "";

    public static async Task<ComposeImportRun> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var run = new ComposeImportRun(Path.Combine(Directory.CreateTempSubdirectory("hltest-compose-").FullName, "out"));
        var output = new StringWriter();
        var error = new StringWriter();
        var ctx = new CliContext(output, error, new FakeTimeProvider(), socket => new HomelabClient(socket), n => environment.GetValueOrDefault(n), new StringReader(""));
        run.ExitCode = await CliApp.RunAsync(["import", .. args, "-o", run.Output], ctx, CancellationToken.None);
        run.Out = output.ToString();
        run.Err = error.ToString();
        return run;
    }

    /// <summary>Each file written, by its path under -o, with its text.</summary>
    public IReadOnlyList<(string Path, string Text)> Files() => !Directory.Exists(Output) ? [] :
        [.. Directory.EnumerateFiles(Output, "*", SearchOption.AllDirectories)
            .Select(f => (Path.GetRelativePath(Output, f).Replace('\\', '/'), File.ReadAllText(f)))
            .OrderBy(f => f.Item1, StringComparer.Ordinal)];

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(Output)!, recursive: true);

    private static string Here([CallerFilePath] string file = "") => Path.Combine(Path.GetDirectoryName(file)!, "testdata");
}
