using System.CommandLine;
using Homelab.Api.Protocol;

namespace Homelab.Cli.Commands;

/// <summary>
/// `hlctl doctor`: the running daemon's host checks (podman, netavark, nft, data dir, socket) as a table, each failure
/// with its fix; exit 1 when any fails. The same checks `homelabd check` runs without a daemon.
/// </summary>
internal sealed class DoctorCommand(CliContext ctx, Option<string?> socket)
{
    public Command Build()
    {
        var command = new Command("doctor", "Check the daemon's host (podman, network backend, nft, data dir, socket) and say how to fix what fails");
        command.SetAction((r, ct) => RunAsync(r.GetValue(socket), ct));
        return command;
    }

    public Task<int> RunAsync(string? socketPath, CancellationToken ct) => CommandRunner.RunAsync(ctx, async () =>
    {
        using var client = ctx.Connect(socketPath);
        var report = await client.HostChecksAsync(ct).ConfigureAwait(false);
        await ctx.Out.WriteAsync(HostCheckTable.Render(report.Checks)).ConfigureAwait(false);
        return report.Ready ? ExitCodes.Success : ExitCodes.Error;
    });
}
