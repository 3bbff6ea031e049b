using System.CommandLine;
using System.Reflection;
using Homelab.Api.Protocol;
using Homelab.Api.Serialization;

namespace Homelab.Cli.Commands;

/// <summary>`hlctl version [--client]`: kept to one GET so it measures the process floor in benchmarks.</summary>
internal sealed class VersionCommand(CliContext ctx, Option<string?> socket)
{
    private readonly Option<bool> _clientOnly = new("--client") { Description = "Print only the client version, without asking the daemon" };

    public static string ClientVersion =>
        typeof(VersionCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "unknown";

    public Command Build()
    {
        var command = new Command("version", "Print the client and server version");
        command.Add(_clientOnly);
        command.SetAction((r, ct) => RunAsync(r.GetValue(socket), r.GetValue(_clientOnly), ct));
        return command;
    }

    public Task<int> RunAsync(string? socketPath, bool clientOnly, CancellationToken ct) => CommandRunner.RunAsync(ctx, async () =>
    {
        await ctx.Out.WriteLineAsync($"Client Version: {ClientVersion}").ConfigureAwait(false);
        if (clientOnly)
        {
            return ExitCodes.Success;
        }
        using var client = ctx.Connect(socketPath);
        var version = await client.GetAsync(ApiPaths.Version, ct).ConfigureAwait(false);
        // "version" is homelabd's own build; gitVersion names the Kubernetes level it serves, for kubectl.
        var server = JsonText.String(version["version"]) ?? JsonText.String(version["gitVersion"]) ?? version.ToJsonString();
        await ctx.Out.WriteLineAsync($"Server Version: {server}").ConfigureAwait(false);
        return ExitCodes.Success;
    });
}
