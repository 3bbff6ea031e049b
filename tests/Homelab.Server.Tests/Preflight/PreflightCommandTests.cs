using Homelab.Api.Protocol;
using Homelab.Operator;
using Homelab.Server.Hosting;

namespace Homelab.Server.Tests.Preflight;

/// <summary>homelabd's preflight as a user meets it: `homelabd check`, a start that refuses, and --ignore-preflight-errors.</summary>
public sealed class PreflightCommandTests : IDisposable
{
    private readonly string _root = TestDaemon.NewTempDirectory();

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string[] Args(params string[] more) =>
        ["--data-dir", Path.Combine(_root, "data"), "--socket", Path.Combine(_root, "run", "h.sock"), .. more];

    /// <summary>A controller whose host lacks something: its check fails with a fix, as the podman check does on a CNI host.</summary>
    private static ControllerCatalog CatalogWithBrokenHost() => new ControllerCatalog()
        .Add("broken", services => services.AddHostCheck<BrokenBackendCheck>());

    [Fact]
    public async Task Check_prints_every_check_with_the_fix_of_the_failed_one_and_exits_3()
    {
        var output = new StringWriter();
        var exitCode = await ServerCommandLine.Create(CatalogWithBrokenHost(), TextWriter.Null)
            .Parse(["check", .. Args()]).InvokeAsync(new System.CommandLine.InvocationConfiguration { Output = output });

        Assert.Equal(ExitCodes.PreflightFailed, exitCode);
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"^CHECK\s+RESULT\s+MESSAGE$", lines[0]);
        Assert.Contains(lines, l => l.StartsWith("data-dir ", StringComparison.Ordinal) && l.Contains(" OK ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("socket ", StringComparison.Ordinal) && l.Contains(" OK ", StringComparison.Ordinal));
        var failed = Array.FindIndex(lines, l => l.StartsWith("network-backend ", StringComparison.Ordinal));
        Assert.Contains(" FAIL ", lines[failed], StringComparison.Ordinal);
        Assert.Contains("podman uses the cni network backend", lines[failed], StringComparison.Ordinal);
        Assert.Equal("fix: install netavark", lines[failed + 1].Trim());
    }

    [Fact]
    public async Task Check_passes_with_exit_0_when_the_selected_controllers_need_nothing_missing()
    {
        var output = new StringWriter();
        var exitCode = await ServerCommandLine.Create(CatalogWithBrokenHost(), TextWriter.Null)
            .Parse(["check", .. Args("--controllers", "none")]).InvokeAsync(new System.CommandLine.InvocationConfiguration { Output = output });

        Assert.Equal(ExitCodes.Success, exitCode);
        Assert.DoesNotContain("FAIL", output.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("network-backend", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_check_stops_the_start_with_one_line_naming_the_problem_and_its_fix()
    {
        var error = new StringWriter();
        var exitCode = await ServerCommandLine.Create(CatalogWithBrokenHost(), error).Parse(Args()).InvokeAsync();

        Assert.Equal(ExitCodes.PreflightFailed, exitCode);
        var lines = error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("homelabd: preflight: network-backend: podman uses the cni network backend; fix: install netavark", lines[0]);
        Assert.StartsWith("homelabd: not starting: 1 host check failed", lines[1], StringComparison.Ordinal);
        Assert.Equal(2, lines.Length);
        // Stopped before the store: nothing was written to the data directory.
        Assert.False(File.Exists(Path.Combine(_root, "data", Store.LiteDbResourceStore.DatabaseFileName)));
    }

    [Fact]
    public async Task An_ignored_check_is_reported_and_the_daemon_starts()
    {
        var error = new StringWriter();
        using var stop = new CancellationTokenSource();
        var run = ServerCommandLine.Create(CatalogWithBrokenHost(), error)
            .Parse(Args("--ignore-preflight-errors", "network-backend")).InvokeAsync(cancellationToken: stop.Token);
        var socket = Path.Combine(_root, "run", "h.sock");
        for (var i = 0; i < 300 && !File.Exists(socket) && !run.IsCompleted; i++)
        {
            await Task.Delay(50);
        }
        Assert.True(File.Exists(socket), $"the daemon did not start: {error}");
        await stop.CancelAsync();

        Assert.Equal(ExitCodes.Success, await run);
        Assert.Contains("homelabd: preflight: network-backend: podman uses the cni network backend (ignored: --ignore-preflight-errors)", error.ToString(), StringComparison.Ordinal);
    }

    private sealed class BrokenBackendCheck : IHostCheck
    {
        public Task<IReadOnlyList<HostCheckResult>> RunAsync(CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<HostCheckResult>>([HostCheckResult.Fail("network-backend", "podman uses the cni network backend", "install netavark")]);
    }
}
