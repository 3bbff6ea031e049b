using System.CommandLine;
using Homelab.Api.Values;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Homelab.Server.Hosting;

/// <summary>homelabd's command line: turns arguments into <see cref="HomelabServerOptions"/> and runs the daemon.</summary>
public static class ServerCommandLine
{
    public static RootCommand Create(ControllerCatalog catalog, TextWriter error)
    {
        var dataDir = new Option<string>("--data-dir")
        {
            Description = "Directory holding the store; one daemon per directory",
            DefaultValueFactory = _ => HomelabServerOptions.DefaultDataDir,
        };
        var socket = new Option<string>("--socket")
        {
            Description = "Unix socket the API listens on (mode 0600)",
            DefaultValueFactory = _ => HomelabServerOptions.DefaultSocketPath,
        };
        var controllers = new Option<string>("--controllers")
        {
            Description = $"Controllers to run: \"{HomelabServerOptions.AllControllers}\", \"{HomelabServerOptions.NoControllers}\" (API only) or a comma-separated list of {(catalog.Names.Count == 0 ? "names" : string.Join(", ", catalog.Names))}",
            DefaultValueFactory = _ => HomelabServerOptions.AllControllers,
        };
        var socketGroup = new Option<string?>("--socket-group")
        {
            Description = "Group (name or id) allowed to use the socket; makes it mode 0660",
        };
        var resync = new Option<TimeSpan>("--resync-period")
        {
            Description = "How often every object is reconciled again, so drift is repaired (e.g. 30s, 5m; 0 turns it off)",
            DefaultValueFactory = _ => HomelabServerOptions.DefaultResyncPeriod,
            CustomParser = result => Duration.TryParse(result.Tokens.Single().Value, out var duration, out var problem)
                ? duration
                : Fail(result, $"--resync-period: {problem}"),
        };
        var instance = new Option<string>("--instance")
        {
            Description = "Labels this daemon's Podman objects and names its nft tables, so a second daemon on the host never touches them",
            DefaultValueFactory = _ => HomelabServerOptions.DefaultInstance,
        };
        var logLevel = new Option<LogLevel>("--log-level")
        {
            Description = "Least severe log entries written: Trace, Debug (every podman and nft call with its duration), Information, Warning, Error",
            DefaultValueFactory = _ => LogLevel.Information,
        };
        var root = new RootCommand("homelabd: the Homelab daemon. Serves the API on a Unix socket and runs the controllers.")
        {
            dataDir,
            socket,
            controllers,
            socketGroup,
            resync,
            instance,
            logLevel,
        };
        root.SetAction((parse, cancellationToken) => RunAsync(new HomelabServerOptions
        {
            DataDir = parse.GetValue(dataDir)!,
            SocketPath = parse.GetValue(socket)!,
            Controllers = parse.GetValue(controllers)!,
            SocketGroup = parse.GetValue(socketGroup),
            ResyncPeriod = parse.GetValue(resync),
            Instance = parse.GetValue(instance)!,
            LogLevel = parse.GetValue(logLevel),
        }, catalog, error, cancellationToken));
        return root;
    }

    private static TimeSpan Fail(System.CommandLine.Parsing.ArgumentResult result, string message)
    {
        result.AddError(message);
        return default;
    }

    private static async Task<int> RunAsync(HomelabServerOptions settings, ControllerCatalog catalog, TextWriter error, CancellationToken cancellationToken)
    {
        Microsoft.AspNetCore.Builder.WebApplication app;
        try
        {
            app = HomelabHost.Build(settings, catalog);
        }
        catch (ControllerSelectionException e)
        {
            await error.WriteLineAsync($"homelabd: {e.Message}");
            return ExitCodes.Usage;
        }
        catch (OptionsValidationException e)
        {
            await error.WriteLineAsync($"homelabd: invalid options: {string.Join("; ", e.Failures)}");
            return ExitCodes.Usage;
        }
        await using (app)
        {
            try
            {
                await app.StartHomelabAsync(cancellationToken);
            }
            catch (OptionsValidationException e)
            {
                await error.WriteLineAsync($"homelabd: invalid options: {string.Join("; ", e.Failures)}");
                return ExitCodes.Usage;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                await error.WriteLineAsync($"homelabd: cannot start: {e.Message}");
                return ExitCodes.StartupFailed;
            }
            await app.WaitForShutdownAsync(cancellationToken);
            return ExitCodes.Success;
        }
    }
}
