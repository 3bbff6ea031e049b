using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Homelab.Api.Protocol;
using Homelab.Nftables.Firewall;
using Homelab.Podman;
using Homelab.Server.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Homelab.Server.Tests;

public sealed class HostTests
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [Fact]
    public async Task Socket_is_readable_and_writable_by_the_owner_only()
    {
        await using var daemon = await TestDaemon.StartAsync();

        Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(daemon.Options.SocketPath));
        using var response = await daemon.Http.GetAsync(ApiPaths.Version);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Socket_group_option_opens_the_socket_to_that_group()
    {
        await using var daemon = await TestDaemon.StartAsync(options: o => o.SocketGroup = "root");

        Assert.Equal(OwnerReadWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite, File.GetUnixFileMode(daemon.Options.SocketPath));
    }

    [Fact]
    public async Task A_stale_socket_file_is_replaced()
    {
        var root = TestDaemon.NewTempDirectory();
        try
        {
            var socketPath = Path.Combine(root, "homelab.sock");
            await File.WriteAllTextAsync(socketPath, "left behind by a crash");

            await using var daemon = await TestDaemon.StartAsync(options: o => o.SocketPath = socketPath);

            using var response = await daemon.Http.GetAsync(ApiPaths.Version);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task A_socket_another_process_serves_on_is_not_taken_over()
    {
        await using var first = await TestDaemon.StartAsync();

        var error = await Assert.ThrowsAsync<IOException>(() => TestDaemon.StartAsync(options: o => o.SocketPath = first.Options.SocketPath));

        Assert.Contains("another process is serving", error.Message);
        using var response = await first.Http.GetAsync(ApiPaths.Version);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Stopping_the_daemon_removes_the_socket_file()
    {
        var daemon = await TestDaemon.StartAsync();
        var socketPath = daemon.Options.SocketPath;
        var root = daemon.Root;
        Assert.True(File.Exists(socketPath));

        await daemon.App.StopAsync();
        await daemon.App.DisposeAsync();

        Assert.False(File.Exists(socketPath));
        Directory.Delete(root, recursive: true);
        TestDaemon.ForgetInstance(daemon.Options.Instance);
    }

    [Fact]
    public async Task Second_daemon_on_the_same_data_dir_exits_non_zero_with_a_clear_message()
    {
        await using var first = await TestDaemon.StartAsync();
        var otherSocket = Path.Combine(first.Root, "second.sock");

        var instance = TestDaemon.NewInstanceName();

        var (exitCode, stderr) = await RunHomelabdAsync("--data-dir", first.Options.DataDir, "--socket", otherSocket, "--controllers", "none", "--instance", instance);
        TestDaemon.ForgetInstance(instance);

        Assert.Equal(ExitCodes.StartupFailed, exitCode);
        Assert.Contains("another homelabd is already using data dir", stderr);
        Assert.False(File.Exists(otherSocket));
        using var response = await first.Http.GetAsync(ApiPaths.Version);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Second_daemon_of_the_same_instance_is_refused_whatever_its_data_dir_naming_the_first_ones_pid()
    {
        await using var first = await TestDaemon.StartAsync();
        var root = TestDaemon.NewTempDirectory();
        try
        {
            var socket = Path.Combine(root, "second.sock");

            var (exitCode, stderr) = await RunHomelabdAsync(
                "--data-dir", Path.Combine(root, "data"), "--socket", socket, "--controllers", "none", "--instance", first.Options.Instance);

            Assert.Equal(ExitCodes.StartupFailed, exitCode);
            Assert.Contains($"another homelabd is already running instance \"{first.Options.Instance}\"", stderr);
            Assert.Contains($"pid {Environment.ProcessId}, data dir {first.Options.DataDir}", stderr);
            Assert.False(File.Exists(socket));
            Assert.False(Directory.Exists(Path.Combine(root, "data")));
            using var response = await first.Http.GetAsync(ApiPaths.Version);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task An_instance_is_free_again_once_its_daemon_stops()
    {
        var first = await TestDaemon.StartAsync();
        var instance = first.Options.Instance;
        await first.DisposeAsync();

        await using var second = await TestDaemon.StartAsync(options: o => o.Instance = instance);

        using var response = await second.Http.GetAsync(ApiPaths.Version);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Unknown_controller_name_fails_fast_naming_it()
    {
        var catalog = new ControllerCatalog().Add("service", _ => { });
        using var error = new StringWriter();

        var exitCode = await ServerCommandLine.Create(catalog, error).Parse(["--controllers", "service,dns", "--data-dir", "/nonexistent"]).InvokeAsync();

        Assert.Equal(ExitCodes.Usage, exitCode);
        Assert.Contains("unknown controller \"dns\"", error.ToString());
        Assert.Contains("available: service", error.ToString());
    }

    [Theory]
    [InlineData("debug", true)]
    [InlineData("Information", false)]
    public async Task Log_level_option_decides_whether_debug_entries_are_written_and_keeps_asp_net_core_quiet(string level, bool debug)
    {
        var parse = ServerCommandLine.Create(new ControllerCatalog(), TextWriter.Null).Parse(["--log-level", level]);
        Assert.Empty(parse.Errors);
        var root = TestDaemon.NewTempDirectory();
        try
        {
            var settings = new HomelabServerOptions
            {
                DataDir = Path.Combine(root, "data"),
                SocketPath = Path.Combine(root, "homelab.sock"),
                Controllers = HomelabServerOptions.NoControllers,
                LogLevel = Enum.Parse<Microsoft.Extensions.Logging.LogLevel>(level, ignoreCase: true),
            };
            await using var app = HomelabHost.Build(settings, new ControllerCatalog());
            var loggers = app.Services.GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>();

            Assert.Equal(debug, loggers.CreateLogger("Homelab.Podman.PodmanRuntime").IsEnabled(Microsoft.Extensions.Logging.LogLevel.Debug));
            Assert.True(loggers.CreateLogger("Homelab.Podman.PodmanRuntime").IsEnabled(Microsoft.Extensions.Logging.LogLevel.Information));
            Assert.False(loggers.CreateLogger("Microsoft.AspNetCore.Server.Kestrel").IsEnabled(Microsoft.Extensions.Logging.LogLevel.Information));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Controller_selection_understands_all_none_and_lists()
    {
        var registered = new List<string>();
        var catalog = new ControllerCatalog()
            .Add("service", _ => registered.Add("service"))
            .Add("networkpolicy", _ => registered.Add("networkpolicy"))
            .Add("updatepolicy", _ => registered.Add("updatepolicy"));

        Assert.Equal(["networkpolicy", "service", "updatepolicy"], catalog.Select("all"));
        Assert.Empty(catalog.Select("none"));
        Assert.Equal(["service", "updatepolicy"], catalog.Select(" service, updatepolicy "));
        Assert.Throws<ControllerSelectionException>(() => catalog.Select(","));
        catalog.Register(new ServiceCollection(), "updatepolicy");
        Assert.Equal(["updatepolicy"], registered);
    }

    [Fact]
    public async Task Invalid_options_fail_at_start_with_the_option_named()
    {
        var root = TestDaemon.NewTempDirectory();
        try
        {
            using var error = new StringWriter();

            var exitCode = await ServerCommandLine.Create(new ControllerCatalog(), error)
                .Parse(["--data-dir", Path.Combine(root, "data"), "--socket", "/tmp/" + new string('s', 120), "--controllers", "none"])
                .InvokeAsync();

            Assert.Equal(ExitCodes.Usage, exitCode);
            Assert.Contains("--socket", error.ToString());
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Theory]
    [InlineData(HomelabServerOptions.DefaultInstance, "homelabd", "homelab")]
    [InlineData("trial", "trial", "trial")]
    public async Task The_instance_labels_podman_objects_and_names_the_nft_tables(string instance, string managedBy, string table)
    {
        var root = TestDaemon.NewTempDirectory();
        try
        {
            var settings = new HomelabServerOptions
            {
                DataDir = Path.Combine(root, "data"),
                SocketPath = Path.Combine(root, "s.sock"),
                Controllers = "service,networkpolicy",
                Instance = instance,
            };

            await using var app = HomelabHost.Build(settings, HomelabControllers.CreateCatalog());

            var podman = app.Services.GetRequiredService<IOptions<PodmanOptions>>().Value;
            Assert.Equal((managedBy, settings.DataDir), (podman.ManagedBy, podman.DataDir));
            Assert.Equal(table, app.Services.GetRequiredService<IOptions<NftOptions>>().Value.TableName);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task An_instance_name_that_cannot_label_or_name_a_table_is_refused()
    {
        using var error = new StringWriter();

        var exitCode = await ServerCommandLine.Create(new ControllerCatalog(), error)
            .Parse(["--instance", "Bad Name", "--data-dir", "/nonexistent", "--controllers", "none"])
            .InvokeAsync();

        Assert.Equal(ExitCodes.Usage, exitCode);
        Assert.Contains("--instance: \"Bad Name\"", error.ToString());
    }

    private static async Task<(int ExitCode, string Stderr)> RunHomelabdAsync(params string[] args)
    {
        var daemonDll = typeof(HomelabHost).Assembly.Location;
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add(daemonDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            await stdout;
            return (process.ExitCode, await stderr);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }
}
