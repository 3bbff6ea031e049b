using System.CommandLine;
using Homelab.Api.Printing;
using Homelab.Api.Protocol;
using Homelab.Cli.Printing;

namespace Homelab.Cli.Commands;

/// <summary>`hlctl events [-n NS|-A] [--for KIND/NAME]`: kubectl events' table, oldest first.</summary>
internal sealed class EventsCommand(CliContext ctx, Option<string?> socket)
{
    private readonly Option<string> _namespace = CommonOptions.Namespace();
    private readonly Option<bool> _all = CommonOptions.AllNamespaces();
    private readonly Option<string?> _for = new("--for") { Description = "Only events about this object, e.g. service/web" };

    public Command Build()
    {
        var command = new Command("events", "List events");
        command.Add(_namespace);
        command.Add(_all);
        command.Add(_for);
        command.SetAction((r, ct) => RunAsync(r.GetValue(socket), r.GetValue(_namespace)!, r.GetValue(_all), r.GetValue(_for), ct));
        return command;
    }

    public Task<int> RunAsync(string? socketPath, string ns, bool all, string? forObject, CancellationToken ct) => CommandRunner.RunAsync(ctx, async () =>
    {
        var target = forObject is null ? ((Api.Resources.KindInfo Kind, string Name)?)null : KindResolver.ResolveReference(forObject);
        using var client = ctx.Connect(socketPath);
        var scope = all ? null : ns;
        var events = await client.EventsAsync(scope, target?.Kind.Kind, target?.Name, ct).ConfigureAwait(false);
        if (events.Items.Count == 0)
        {
            await ctx.Err.WriteLineAsync(all ? "No events found." : $"No events found in {ns} namespace.").ConfigureAwait(false);
            return ExitCodes.Success;
        }
        await ctx.Out.WriteAsync(Render(events.Items, all, ctx.Time.GetUtcNow())).ConfigureAwait(false);
        return ExitCodes.Success;
    });

    public static string Render(IEnumerable<EventInfo> events, bool withNamespace, DateTimeOffset now)
    {
        var headers = new List<string> { "LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE" };
        if (withNamespace)
        {
            headers.Insert(0, "NAMESPACE");
        }
        var table = new Table(headers);
        foreach (var e in events.OrderBy(e => e.LastTimestamp))
        {
            var kind = Api.Resources.ResourceKinds.ByKind(e.InvolvedObject.Kind)?.Singular ?? e.InvolvedObject.Kind.ToLowerInvariant();
            var row = new List<string> { LastSeen(e, now), e.Type, e.Reason, $"{kind}/{e.InvolvedObject.Name}", e.Message };
            if (withNamespace)
            {
                row.Insert(0, e.InvolvedObject.Namespace ?? "");
            }
            table.Add(row);
        }
        return table.Render();
    }

    /// <summary>"5s", or "2m (x3 over 10m)" when the event was folded several times.</summary>
    public static string LastSeen(EventInfo e, DateTimeOffset now) => e.Count > 1
        ? $"{Age.Format(now - e.LastTimestamp)} (x{e.Count} over {Age.Format(now - e.FirstTimestamp)})"
        : Age.Format(now - e.LastTimestamp);
}
