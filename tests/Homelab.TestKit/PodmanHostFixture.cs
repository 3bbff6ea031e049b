using System.Diagnostics;
using Xunit;

namespace Homelab.TestKit;

/// <summary>
/// Prepares the host once per test run for integration tests: src/Homelab.Server/dist/setup-host.sh (packages,
/// containers.conf, local registry on 127.0.0.1:5000) and tests/images/build.sh (offline busybox images). Both are
/// idempotent; they need root, as the tests do. Each test assembly declares its own collection over it, since xunit
/// looks for collection definitions in the test assembly.
/// </summary>
public sealed class PodmanHostFixture : IAsyncLifetime
{
    public const string Registry = "127.0.0.1:5000";

    public async Task InitializeAsync()
    {
        var root = RepositoryRoot();
        await RunAsync(Path.Combine(root, "src/Homelab.Server/dist/setup-host.sh"));
        await RunAsync(Path.Combine(root, "tests/images/build.sh"), "homelab/caddy:2.8");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static async Task RunAsync(string script, params string[] args)
    {
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(script);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{script} failed ({process.ExitCode}): {await stdout}{await stderr}");
        }
    }

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Homelab.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Homelab.sln not found above " + AppContext.BaseDirectory);
    }
}
