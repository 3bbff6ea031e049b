using Homelab.TestKit;

namespace Homelab.Server.Tests.Metrics;

/// <summary>Debian's promtool (package prometheus), which tests/run.sh installs; a test without it fails, naming the package.</summary>
internal static class Promtool
{
    public const string Path = "/usr/bin/promtool";

    /// <summary>Runs promtool with <paramref name="args"/>; fails the test with its output unless it exits 0.</summary>
    public static async Task RunAsync(params string[] args)
    {
        Assert.True(File.Exists(Path), $"{Path} is missing: apt-get install --no-install-recommends prometheus");
        var result = await HostCommand.ExecAsync([Path, .. args]);
        Assert.True(result.ExitCode == 0, $"promtool {string.Join(' ', args)} (exit {result.ExitCode}):\n{result.StandardOutput}{result.StandardError}");
    }

    /// <summary>Runs `promtool check metrics` (it reads stdin) on the text; fails the test on any problem it reports, lint included.</summary>
    public static async Task CheckMetricsAsync(string text)
    {
        Assert.True(File.Exists(Path), $"{Path} is missing: apt-get install --no-install-recommends prometheus");
        var file = System.IO.Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, text);
            var result = await HostCommand.ExecAsync(["sh", "-c", $"{Path} check metrics < '{file}'"]);
            var output = (result.StandardOutput + result.StandardError).Trim();
            Assert.True(result.ExitCode == 0 && output.Length == 0, $"promtool check metrics (exit {result.ExitCode}):\n{output}");
        }
        finally
        {
            File.Delete(file);
        }
    }
}
