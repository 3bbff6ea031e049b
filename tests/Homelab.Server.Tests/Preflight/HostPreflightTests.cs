using System.Net.Sockets;
using Homelab.Api.Protocol;
using Homelab.Operator;
using Homelab.Server.Preflight;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Homelab.Server.Tests.Preflight;

public sealed class HostPreflightTests : IDisposable
{
    private readonly string _root = TestDaemon.NewTempDirectory();

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task A_check_that_throws_is_a_failure_and_the_others_still_report()
    {
        var preflight = new HostPreflight([new ThrowingCheck(), new PassingCheck()], NullLogger<HostPreflight>.Instance);

        var report = await preflight.RunAsync(CancellationToken.None);

        Assert.False(report.Ready);
        var failed = Assert.Single(report.Checks, c => !c.Ok);
        Assert.Equal(nameof(ThrowingCheck), failed.Name);
        Assert.Contains("could not run: the probe broke", failed.Message, StringComparison.Ordinal);
        Assert.Contains(report.Checks, c => c.Ok && c.Name == "fine");
    }

    [Fact]
    public async Task A_data_dir_that_cannot_be_a_directory_fails_with_the_path()
    {
        var path = Path.Combine(_root, "a-file");
        await File.WriteAllTextAsync(path, "not a directory");

        var result = Assert.Single(await new DataDirCheck(Options(o => o.DataDir = path)).RunAsync(CancellationToken.None));

        Assert.False(result.Ok);
        Assert.StartsWith($"{path} is not writable", result.Message, StringComparison.Ordinal);
        Assert.Contains("--data-dir", result.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_writable_data_dir_passes_and_keeps_no_probe_file()
    {
        var dir = Path.Combine(_root, "data");

        var result = Assert.Single(await new DataDirCheck(Options(o => o.DataDir = dir)).RunAsync(CancellationToken.None));

        Assert.True(result.Ok, result.Message);
        Assert.Empty(Directory.GetFileSystemEntries(dir));
    }

    [Fact]
    public async Task A_socket_path_too_long_for_a_unix_address_fails()
    {
        var path = Path.Combine(_root, new string('s', 120) + ".sock");

        var result = Assert.Single(await new SocketCheck(Options(o => o.SocketPath = path), new ApiSocketState()).RunAsync(CancellationToken.None));

        Assert.False(result.Ok);
        Assert.Contains("longer than the 107 bytes", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_socket_another_process_serves_on_fails_and_a_stale_file_passes()
    {
        var path = Path.Combine(_root, "h.sock");
        var check = new SocketCheck(Options(o => o.SocketPath = path), new ApiSocketState());
        using (var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            listener.Bind(new UnixDomainSocketEndPoint(path));
            listener.Listen();

            var serving = Assert.Single(await check.RunAsync(CancellationToken.None));
            Assert.False(serving.Ok);
            Assert.Equal($"another process serves on {path}", serving.Message);
        }

        // The listener is gone but its file stays, as after a crash: homelabd replaces such a file.
        var stale = Assert.Single(await check.RunAsync(CancellationToken.None));
        Assert.True(stale.Ok, stale.Message);
    }

    [Fact]
    public async Task Once_serving_a_removed_socket_file_fails()
    {
        var path = Path.Combine(_root, "h.sock");
        var state = new ApiSocketState();
        state.MarkBound();

        var result = Assert.Single(await new SocketCheck(Options(o => o.SocketPath = path), state).RunAsync(CancellationToken.None));

        Assert.False(result.Ok);
        Assert.Contains("was removed while homelabd serves", result.Message, StringComparison.Ordinal);
        Assert.Equal("restart homelabd", result.Fix);
    }

    private static IOptions<HomelabServerOptions> Options(Action<HomelabServerOptions> configure)
    {
        var options = new HomelabServerOptions();
        configure(options);
        return Microsoft.Extensions.Options.Options.Create(options);
    }

    private sealed class ThrowingCheck : IHostCheck
    {
        public Task<IReadOnlyList<HostCheckResult>> RunAsync(CancellationToken cancellationToken) => throw new InvalidOperationException("the probe broke");
    }

    private sealed class PassingCheck : IHostCheck
    {
        public Task<IReadOnlyList<HostCheckResult>> RunAsync(CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<HostCheckResult>>([HostCheckResult.Pass("fine", "all good")]);
    }
}
