using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Homelab.Api.Protocol;
using Homelab.Api.Resources;
using Homelab.Cli.Printing;

namespace Homelab.Cli.Commands;

/// <summary>`hlctl updates [-n NS|-A] [--check-now]`: per selected Service, what runs, what is available, and how the last check went.</summary>
internal sealed class UpdatesCommand(CliContext ctx, Option<string?> socket)
{
    /// <summary>The update controller checks at once when this annotation changes.</summary>
    public const string CheckNowAnnotation = "homelab.dev/check-now";

    private readonly Option<string> _namespace = CommonOptions.Namespace();
    private readonly Option<bool> _all = CommonOptions.AllNamespaces();
    private readonly Option<bool> _checkNow = new("--check-now") { Description = "Ask every selected UpdatePolicy to check its registries now" };

    public Command Build()
    {
        var command = new Command("updates", "Show image updates per Service, from the UpdatePolicies");
        command.Add(_namespace);
        command.Add(_all);
        command.Add(_checkNow);
        command.SetAction((r, ct) => RunAsync(r.GetValue(socket), r.GetValue(_namespace)!, r.GetValue(_all), r.GetValue(_checkNow), ct));
        return command;
    }

    public Task<int> RunAsync(string? socketPath, string ns, bool all, bool checkNow, CancellationToken ct) => CommandRunner.RunAsync(ctx, async () =>
    {
        using var client = ctx.Connect(socketPath);
        var scope = all ? null : ns;
        var policies = (await client.ListAsync(ResourceKinds.UpdatePolicy, scope, null, ct).ConfigureAwait(false)).Items;
        if (checkNow)
        {
            var now = ctx.Time.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            foreach (var policy in policies)
            {
                var patch = new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { [CheckNowAnnotation] = now } } };
                await client.MergePatchAsync(ApiPaths.For(ResourceKinds.UpdatePolicy, JsonText.Namespace(policy), JsonText.Name(policy)), patch, ct).ConfigureAwait(false);
                await ctx.Err.WriteLineAsync($"updatepolicy/{JsonText.Name(policy)} check requested").ConfigureAwait(false);
            }
        }
        if (policies.Count == 0)
        {
            await ctx.Err.WriteLineAsync(GetCommand.NoResources(ResourceKinds.UpdatePolicy, scope)).ConfigureAwait(false);
            return ExitCodes.Success;
        }
        await ctx.Out.WriteAsync(Render(policies.Select(LenientJson.To<UpdatePolicy>), ctx.Time.GetUtcNow())).ConfigureAwait(false);
        return ExitCodes.Success;
    });

    public static string Render(IEnumerable<UpdatePolicy> policies, DateTimeOffset now)
    {
        var table = new Table(["SERVICE", "RUNNING", "AVAILABLE", "LAST-CHECK", "RESULT"]);
        var rows = policies
            .SelectMany(p => p.Status?.Services ?? [])
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
