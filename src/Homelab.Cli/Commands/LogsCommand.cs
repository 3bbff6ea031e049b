using System.CommandLine;
using System.Globalization;
using Homelab.Api.Protocol;

namespace Homelab.Cli.Commands;

/// <summary>`hlctl logs SERVICE [-f] [--tail N]`: the container's output, streamed as it comes.</summary>
internal sealed class LogsCommand(CliContext ctx, Option<string?> socket)
{
    private readonly Argument<string> _service = new("SERVICE") { Description = "The Service whose container output to print" };
    private readonly Option<string> _namespace = CommonOptions.Namespace();
    private readonly Option<bool> _follow = new("--follow", "-f") { Description = "Keep streaming new output" };
    private readonly Option<int> _tail = new("--tail") { Description = "Lines of recent output to show; -1 for all", DefaultValueFactory = _ => -1 };

    public Command Build()
    {
        var command = new Command("logs", "Print the output of a Service's container");
        command.Add(_service);
        command.Add(_namespace);
        command.Add(_follow);
        command.Add(_tail);
        command.SetAction((r, ct) => RunAsync(r.GetValue(socket), r.GetValue(_service)!, r.GetValue(_namespace)!, r.GetValue(_follow), r.GetValue(_tail), ct));
        return command;
    }

    public Task<int> RunAsync(string? socketPath, string service, string ns, bool follow, int tail, CancellationToken ct) => CommandRunner.RunAsync(ctx, async () =>
    {
        var name = service.StartsWith("service/", StringComparison.OrdinalIgnoreCase) || service.StartsWith("svc/", StringComparison.OrdinalIgnoreCase)
            ? service[(service.IndexOf('/', StringComparison.Ordinal) + 1)..]
            : service;
        var query = new List<string>();
        if (follow)
        {
            query.Add("follow=true");
        }
        if (tail >= 0)
        {
            query.Add("tailLines=" + tail.ToString(CultureInfo.InvariantCulture));
        }
        var path = ApiPaths.Logs(ns, name) + (query.Count > 0 ? "?" + string.Join('&', query) : "");
        using var client = ctx.Connect(socketPath);
        try
        {
            await client.StreamTextAsync(path, ctx.Out, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Ctrl+C is how `logs -f` is meant to end.
        }
        return ExitCodes.Success;
    });
}
