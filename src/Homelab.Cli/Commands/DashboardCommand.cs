using System.CommandLine;
using Homelab.Api.Protocol;
using Homelab.Cli.Client;

namespace Homelab.Cli.Commands;

/// <summary>
/// `hlctl dashboard`: where homelabd's status pages and metrics are served (its --listen address) and the admin token a
/// browser signs in with. Needs homelabd --listen and --dashboard; says which is missing.
/// </summary>
internal sealed class DashboardCommand(CliContext ctx, Option<string?> socket)
{
    public Command Build()
    {
        var command = new Command("dashboard", "Print the address of the status pages and /metrics, and the token to sign in with (homelabd must run with --listen and --dashboard)");
        command.SetAction((r, ct) => RunAsync(r.GetValue(socket), ct));
        return command;
    }

    public Task<int> RunAsync(string? socketPath, CancellationToken ct) => CommandRunner.RunAsync(ctx, async () =>
    {
        using var client = ctx.Connect(socketPath);
        try
        {
            await client.GetTextAsync("/ui/", ct).ConfigureAwait(false);
        }
        catch (ApiException e) when (e.Status.Code == 404)
        {
            throw new CliException("homelabd serves no status pages: start it with --dashboard (and --listen ADDRESS:PORT for a browser)");
        }
        var info = await client.GetAsync(ApiPaths.Kubeconfig, ct).ConfigureAwait(false);
        var server = JsonText.String(info["server"]) ?? "";
        await ctx.Out.WriteAsync($"""
            Status pages: {server}/ui/
            Sign in with the admin token: {JsonText.String(info["token"])}
            Metrics: {server}/metrics (bearer token above; CA certificate from `hlctl kubeconfig`)

            """).ConfigureAwait(false);
        return ExitCodes.Success;
    });
}
