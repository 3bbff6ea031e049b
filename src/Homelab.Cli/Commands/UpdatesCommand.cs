using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Homelab.Api.Printing;
using Homelab.Api.Protocol;
using Homelab.Api.Resources;
using Homelab.Api.Serialization;
using Homelab.Cli.Printing;

namespace Homelab.Cli.Commands;

/// <summary>
/// `hlctl updates [svc/NAME] [-n NS|-A] [--check-now] [--history]`: per selected Service, what runs, what is available,
/// and how the last check went; with --history, every update with from → to, its result and why (the health gate's
/// verdict), so what happened can be read without the daemon log.
/// </summary>
internal sealed class UpdatesCommand(CliContext ctx, Option<string?> socket)
{
    /// <summary>The update controller checks at once when this annotation changes.</summary>
    public const string CheckNowAnnotation = "homelab.dev/check-now";

    private readonly Option<string> _namespace = CommonOptions.Namespace();
    private readonly Option<bool> _all = CommonOptions.AllNamespaces();
    private readonly Option<bool> _checkNow = new("--check-now") { Description = "Ask every selected UpdatePolicy to check its registries now" };
    private readonly Option<bool> _history = new("--history") { Description = "Show each update: when, result, from → to, and why it was kept or rolled back" };
    private readonly Argument<string?> _service = new("SERVICE") { Description = "Only this Service: NAME or svc/NAME", Arity = ArgumentArity.ZeroOrOne };

    public Command Build()
    {
        var command = new Command("updates", "Show image updates per Service, from the UpdatePolicies");
        command.Add(_namespace);
        command.Add(_all);
        command.Add(_checkNow);
        command.Add(_history);
        command.Add(_service);
        command.SetAction((r, ct) => RunAsync(r.GetValue(socket), r.GetValue(_namespace)!, r.GetValue(_all), r.GetValue(_checkNow), r.GetValue(_service), r.GetValue(_history), ct));
        return command;
    }

    public Task<int> RunAsync(string? socketPath, string ns, bool all, bool checkNow, string? service, bool history, CancellationToken ct) => CommandRunner.RunAsync(ctx, async () =>
    {
        var only = service is null ? null : $"{ns}/{ServiceName(service)}";
        using var client = ctx.Connect(socketPath);
        var scope = all ? null : ns;
        var policies = (await client.ListAsync(ResourceKinds.UpdatePolicy, scope, null, ct).ConfigureAwait(false)).Items;
        if (checkNow)
        {
            // To the tick: the controller compares it with its last check, and a request in the second of that check counts.
            var requested = ctx.Time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
            foreach (var policy in policies)
            {
                var patch = new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { [CheckNowAnnotation] = requested } } };
                await client.MergePatchAsync(ApiPaths.For(ResourceKinds.UpdatePolicy, JsonText.Namespace(policy), JsonText.Name(policy)), patch, ct).ConfigureAwait(false);
                await ctx.Err.WriteLineAsync($"updatepolicy/{JsonText.Name(policy)} check requested").ConfigureAwait(false);
            }
        }
        if (policies.Count == 0)
        {
            await ctx.Err.WriteLineAsync(GetCommand.NoResources(ResourceKinds.UpdatePolicy, scope)).ConfigureAwait(false);
            return ExitCodes.Success;
        }
        var typed = policies.Select(LenientJson.To<UpdatePolicy>).ToList();
        if (only is not null && !typed.Any(p => (p.Status?.Services ?? []).Any(s => s.Service == only)))
        {
            throw new CliException($"no UpdatePolicy in namespace {ns} selects Service {ServiceName(service!)}");
        }
        var now = ctx.Time.GetUtcNow();
        await ctx.Out.WriteAsync(history ? RenderHistory(typed, only, now) : Render(typed, now, only)).ConfigureAwait(false);
        return ExitCodes.Success;
    });

    /// <summary>"svc/web", "services/web" or "web" → "web".</summary>
    private static string ServiceName(string argument)
    {
        var slash = argument.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return argument;
        }
        return ResourceKinds.Find(argument[..slash]) == ResourceKinds.Service
            ? argument[(slash + 1)..]
            : throw new CliException($"\"{argument}\" is not a Service: use NAME or svc/NAME");
    }

    /// <summary>Each Service's updates, oldest first: what a user asks after "what happened to my update?".</summary>
    public static string RenderHistory(IEnumerable<UpdatePolicy> policies, string? only, DateTimeOffset now)
    {
        var table = new Table(["SERVICE", "AGE", "RESULT", "FROM", "TO", "WHY"]);
        var entries = policies
            .SelectMany(p => p.Status?.Services ?? [])
            .Where(s => only is null || s.Service == only)
            .OrderBy(s => s.Service, StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            foreach (var outcome in entry.History ?? [])
            {
                table.Add([entry.Service, Age.Since(outcome.Time, now), outcome.Result, outcome.From, outcome.To, outcome.Reason ?? outcome.Message ?? ""]);
            }
            if (entry.Pending is { } pending)
            {
                table.Add([entry.Service, Age.Since(pending.StartedAt, now), "Updating", pending.From, pending.To, entry.Message ?? "waiting for the health gate"]);
            }
        }
        return table.Count == 0 ? "No updates yet.\n" : table.Render();
    }

    public static string Render(IEnumerable<UpdatePolicy> policies, DateTimeOffset now, string? only = null)
    {
        var table = new Table(["SERVICE", "RUNNING", "AVAILABLE", "LAST-CHECK", "RESULT"]);
        var rows = policies
            .SelectMany(p => p.Status?.Services ?? [])
            .Where(s => only is null || s.Service == only)
            .OrderBy(s => s.Service, StringComparer.Ordinal);
        foreach (var service in rows)
        {
            table.Add([
                service.Service,
                service.CurrentImage ?? SelectorText.None,
                service.AvailableImage ?? "-",
                service.LastCheck is { } check ? Age.Since(check, now) + " ago" : "<never>",
                service.LastResult ?? SelectorText.None,
            ]);
        }
        return table.Render();
    }
}
