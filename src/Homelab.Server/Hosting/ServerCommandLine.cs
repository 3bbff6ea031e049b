using System.CommandLine;
using Homelab.Api.Protocol;
using Homelab.Api.Values;
using Homelab.Server.Preflight;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
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
            Recursive = true,
            Description = "Directory holding the store; one daemon per directory",
            DefaultValueFactory = _ => HomelabServerOptions.DefaultDataDir,
        };
        var socket = new Option<string>("--socket")
        {
            Recursive = true,
            Description = "Unix socket the API listens on (mode 0600)",
            DefaultValueFactory = _ => HomelabServerOptions.DefaultSocketPath,
        };
        var controllers = new Option<string>("--controllers")
        {
            Recursive = true,
            Description = $"Controllers to run: \"{HomelabServerOptions.AllControllers}\", \"{HomelabServerOptions.NoControllers}\" (API only) or a comma-separated list of {(catalog.Names.Count == 0 ? "names" : string.Join(", ", catalog.Names))}",
            DefaultValueFactory = _ => HomelabServerOptions.AllControllers,
        };
        var listen = new Option<string?>("--listen")
        {
            Description = "Also serve the Kubernetes API over TLS for kubectl at ADDRESS:PORT (a bare port means 127.0.0.1); `hlctl kubeconfig` prints its kubeconfig",
        };
        var dashboard = new Option<bool>("--dashboard")
        {
            Description = "Serve the read-only status pages at /ui/ (with --listen: https://ADDRESS:PORT/ui/, signed in with the admin token; `hlctl dashboard` prints the address)",
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
            Recursive = true,
            Description = "Labels this daemon's Podman objects and names its nft tables, so a second daemon on the host never touches them",
            DefaultValueFactory = _ => HomelabServerOptions.DefaultInstance,
        };
        var logLevel = new Option<LogLevel>("--log-level")
        {
            Description = "Least severe log entries written: Trace, Debug (every podman and nft call with its duration), Information, Warning, Error",
            DefaultValueFactory = _ => LogLevel.Information,
        };
        var securityLevel = new Option<string>("--default-security-level")
        {
            Description = "Security level enforced where a Namespace has no homelab.dev/enforce label: privileged, baseline or restricted",
            DefaultValueFactory = _ => "baseline",
        };
        securityLevel.AcceptOnlyFromAmong("privileged", "baseline", "restricted");
        var exempt = new Option<string?>("--security-exempt-namespaces")
        {
            Description = "Comma-separated namespaces no security level applies to",
        };
        var ignorePreflight = new Option<string[]>("--ignore-preflight-errors")
        {
            Description = "Start even though these host checks fail (names as `homelabd check` prints them, or \"all\"); they are logged as warnings",
            AllowMultipleArgumentsPerToken = true,
            CustomParser = result => [.. result.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))],
        };
        var rotateKey = new Command("rotate-key", "Encrypt every Secret under a new key and retire the old ones (with the daemon stopped: it opens the store itself)");
        rotateKey.SetAction((parse, _) => RotateKeyAsync(parse.GetValue(dataDir)!, parse.InvocationConfiguration.Output, error));
        var check = new Command("check", "Check this host for what homelabd and the selected controllers need (podman, netavark, nft, data dir, socket), print each check with its fix, and exit 3 if any fails");
        var root = new RootCommand("homelabd: the Homelab daemon. Serves the API on a Unix socket and runs the controllers.")
        {
            dataDir,
            socket,
            controllers,
            listen,
            dashboard,
            socketGroup,
            resync,
            instance,
            logLevel,
            securityLevel,
            exempt,
            ignorePreflight,
            check,
            rotateKey,
        };
        HomelabServerOptions Settings(ParseResult parse) => new()
        {
            DataDir = parse.GetValue(dataDir)!,
            SocketPath = parse.GetValue(socket)!,
            Controllers = parse.GetValue(controllers)!,
            SocketGroup = parse.GetValue(socketGroup),
            Listen = parse.GetValue(listen),
            Dashboard = parse.GetValue(dashboard),
            ResyncPeriod = parse.GetValue(resync),
            Instance = parse.GetValue(instance)!,
            LogLevel = parse.GetValue(logLevel),
            DefaultSecurityLevel = Homelab.Api.Security.SecurityLevels.TryParse(parse.GetValue(securityLevel), out var level) ? level : Homelab.Api.Security.SecurityLevel.Baseline,
            SecurityExemptNamespaces = parse.GetValue(exempt),
        };
        root.SetAction((parse, cancellationToken) => RunAsync(Settings(parse), parse.GetValue(ignorePreflight) ?? [], catalog, error, cancellationToken));
        // The checks log nothing of interest: their findings are the table.
        check.SetAction((parse, cancellationToken) =>
        {
            var settings = Settings(parse);
            settings.LogLevel = LogLevel.Warning;
            return CheckAsync(settings, catalog, parse.InvocationConfiguration.Output, error, cancellationToken);
        });
        return root;
    }

    /// <summary>`homelabd check`: the preflight table on stdout; exit 0 when every check passes, else <see cref="ExitCodes.PreflightFailed"/>.</summary>
    private static async Task<int> CheckAsync(HomelabServerOptions settings, ControllerCatalog catalog, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (await BuildAsync(settings, catalog, error) is not { } app)
        {
            return ExitCodes.Usage;
        }
        await using (app)
        {
            var report = await app.Services.GetRequiredService<HostPreflight>().RunAsync(cancellationToken);
            await output.WriteAsync(HostCheckTable.Render(report.Checks));
            return report.Ready ? ExitCodes.Success : ExitCodes.PreflightFailed;
        }
    }

    /// <summary>`homelabd rotate-key`: the store is opened here, so a running daemon (which holds its lock) must be stopped first.</summary>
    private static async Task<int> RotateKeyAsync(string dataDir, TextWriter output, TextWriter error)
    {
        try
        {
            using var store = Store.LiteDbResourceStore.OpenFile(new Store.StoreOptions { DataDir = dataDir }, new Store.Admission.ResourceAdmission(), TimeProvider.System);
            var rotation = store.RotateSecretKey();
            await output.WriteLineAsync($"secret key rotated: {rotation.KeyId} now encrypts {rotation.Secrets} Secret(s) and {rotation.ChangelogEntries} changelog entr{(rotation.ChangelogEntries == 1 ? "y" : "ies")}; retired: {(rotation.Retired.Count == 0 ? "none" : string.Join(", ", rotation.Retired))}");
            return ExitCodes.Success;
        }
        catch (Store.StoreLockedException e)
        {
            await error.WriteLineAsync($"homelabd: {e.Message}; stop the daemon first, rotate, then start it again");
            return ExitCodes.StartupFailed;
        }
        catch (InvalidDataException e)
        {
            await error.WriteLineAsync($"homelabd: cannot rotate: {e.Message}");
            return ExitCodes.StartupFailed;
        }
    }

    private static async Task<WebApplication?> BuildAsync(HomelabServerOptions settings, ControllerCatalog catalog, TextWriter error)
    {
        try
        {
            var app = HomelabHost.Build(settings, catalog);
            // Resolving the options here reports invalid ones as a usage error before any check runs.
            _ = app.Services.GetRequiredService<IOptions<HomelabServerOptions>>().Value;
            return app;
        }
        catch (ControllerSelectionException e)
        {
            await error.WriteLineAsync($"homelabd: {e.Message}");
        }
        catch (OptionsValidationException e)
        {
            await error.WriteLineAsync($"homelabd: invalid options: {string.Join("; ", e.Failures)}");
        }
        return null;
    }

    private static TimeSpan Fail(System.CommandLine.Parsing.ArgumentResult result, string message)
    {
        result.AddError(message);
        return default;
    }

    private static async Task<int> RunAsync(HomelabServerOptions settings, IReadOnlyList<string> ignoredChecks, ControllerCatalog catalog, TextWriter error, CancellationToken cancellationToken)
    {
        if (await BuildAsync(settings, catalog, error) is not { } app)
        {
            return ExitCodes.Usage;
        }
        await using (app)
        {
            try
            {
                // Before the preflight, whose probe container a running daemon of this instance need not see.
                _ = app.Services.GetRequiredService<InstanceLock>();
            }
            catch (InstanceLockedException e)
            {
                await error.WriteLineAsync($"homelabd: not starting: {e.Message}");
                return ExitCodes.StartupFailed;
            }
            // Before the store, the socket or any controller: a host that cannot work stops the start with one line per
            // problem, instead of a daemon whose Services fail minutes later.
            var report = await app.Services.GetRequiredService<HostPreflight>().RunAsync(cancellationToken);
            var ignoreAll = ignoredChecks.Contains("all", StringComparer.OrdinalIgnoreCase);
            var failed = report.Checks.Where(c => !c.Ok).ToList();
            var blocking = failed.Where(c => !ignoreAll && !ignoredChecks.Contains(c.Name, StringComparer.OrdinalIgnoreCase)).ToList();
            foreach (var check in failed)
            {
                var ignored = !blocking.Contains(check);
                await error.WriteLineAsync($"homelabd: preflight: {check.Name}: {check.Message}{(ignored ? " (ignored: --ignore-preflight-errors)" : $"; fix: {check.Fix}")}");
            }
            if (blocking.Count > 0)
            {
                await error.WriteLineAsync($"homelabd: not starting: {blocking.Count} host check{(blocking.Count == 1 ? "" : "s")} failed (`homelabd check` lists them all; --ignore-preflight-errors={string.Join(',', blocking.Select(c => c.Name))} starts anyway)");
                return ExitCodes.PreflightFailed;
            }
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
