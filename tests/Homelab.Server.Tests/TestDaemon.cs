using System.Net.Sockets;
using Homelab.Server.Hosting;
using Homelab.Store;
using Homelab.TestKit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Homelab.Server.Tests;

/// <summary>A real homelabd host, in this process, on a temporary data directory and Unix socket.</summary>
internal sealed class TestDaemon : IAsyncDisposable
{
    private TestDaemon(string root, HomelabServerOptions options, WebApplication app, CapturingLoggerProvider logs)
    {
        Root = root;
        Options = options;
        App = app;
        Logs = logs;
        Http = CreateClient(options.SocketPath);
    }

    public string Root { get; }
    /// <summary>What the daemon logged at Warning and above.</summary>
    public CapturingLoggerProvider Logs { get; }
    public HomelabServerOptions Options { get; }
    public WebApplication App { get; }
    public HttpClient Http { get; }
    public IResourceStore Store => App.Services.GetRequiredService<IResourceStore>();

    public static async Task<TestDaemon> StartAsync(Action<WebApplicationBuilder>? configure = null, Action<HomelabServerOptions>? options = null, ControllerCatalog? catalog = null)
    {
        var root = NewTempDirectory();
        var settings = new HomelabServerOptions
        {
            DataDir = Path.Combine(root, "data"),
            SocketPath = Path.Combine(root, "run", "homelab.sock"),
            Controllers = HomelabServerOptions.NoControllers,
            // Its own instance, so neither a daemon already on this host nor a parallel test refuses it.
            Instance = NewInstanceName(),
        };
        options?.Invoke(settings);
        WebApplication? app = null;
        var logs = new CapturingLoggerProvider();
        try
        {
            app = HomelabHost.Build(settings, catalog ?? new ControllerCatalog(), builder =>
            {
                // Kept, not printed: many tests provoke the failures a daemon logs (a refused start, a scripted
                // exception), and their stack traces on the console would bury the test run's own output.
                builder.Logging.ClearProviders();
                builder.Logging.AddProvider(logs);
                builder.Logging.SetMinimumLevel(LogLevel.Warning);
                configure?.Invoke(builder);
            });
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await app.StartHomelabAsync(timeout.Token);
            return new TestDaemon(root, settings, app, logs);
        }
        catch
        {
            if (app is not null)
            {
                await app.DisposeAsync();
            }
            Directory.Delete(root, recursive: true);
            ForgetInstance(settings.Instance);
            throw;
        }
    }

    public static string NewInstanceName() => "hlt-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>Short, so the socket path stays under the 107 bytes a Unix socket address allows.</summary>
    public static string NewTempDirectory()
    {
        var root = Path.Combine("/tmp", "hltest-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(root);
        return root;
    }

    public static HttpClient CreateClient(string socketPath)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { BaseAddress = new Uri("http://homelabd"), Timeout = TimeSpan.FromSeconds(30) };
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await App.StopAsync(timeout.Token);
        }
        finally
        {
            await App.DisposeAsync();
            Directory.Delete(Root, recursive: true);
            ForgetInstance(Options.Instance);
        }
    }

    /// <summary>Removes a stopped test daemon's instance lock files; the instance was the test's alone, so nobody waits on them.</summary>
    public static void ForgetInstance(string instance)
    {
        foreach (var file in Directory.EnumerateFiles(InstanceLock.DefaultDirectory, instance + ".*"))
        {
            File.Delete(file);
        }
    }
}
