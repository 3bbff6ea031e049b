using System.CommandLine;
using Homelab.Api.Resources;
using Homelab.Cli.Waiting;

namespace Homelab.Cli.Commands;

/// <summary>`hlctl wait --for=condition=Ready KIND/NAME… [--timeout=60s]` and `--for=delete`, on a watch.</summary>
internal sealed class WaitCommand(CliContext ctx, Option<string?> socket)
{
    private readonly Argument<string[]> _targets = new("KIND/NAME") { Description = "What to wait for, e.g. service/web (or KIND NAME…)", Arity = ArgumentArity.OneOrMore };
    private readonly Option<string> _for = new("--for") { Description = "condition=Ready, condition=Ready=False or delete", Required = true };
    private readonly Option<string> _namespace = CommonOptions.Namespace();
    private readonly Option<TimeSpan> _timeout = CommonOptions.Timeout(TimeSpan.FromSeconds(30));

    public Command Build()
    {
        var command = new Command("wait", "Wait for a condition on one or more resources");
        command.Add(_targets);
        command.Add(_for);
        command.Add(_namespace);
        command.Add(_timeout);
        command.SetAction((r, ct) => RunAsync(r.GetValue(socket), r.GetValue(_targets) ?? [], r.GetValue(_for)!, r.GetValue(_namespace)!, r.GetValue(_timeout), ct));
        return command;
    }

    public Task<int> RunAsync(string? socketPath, IReadOnlyList<string> targets, string forText, string ns, TimeSpan timeout, CancellationToken ct) => CommandRunner.RunAsync(ctx, async () =>
    {
        var condition = WaitCondition.Parse(forText);
        var resolved = Resolve(targets);
        using var client = ctx.Connect(socketPath);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        foreach (var (kind, name) in resolved)
        {
            var met = await ConditionWaiter.WaitAsync(client, kind, kind.Namespaced ? ns : null, name, condition, deadline.Token).ConfigureAwait(false);
            if (!met)
            {
                await ctx.Err.WriteLineAsync($"error: timed out waiting for the condition on {kind.Plural}/{name}").ConfigureAwait(false);
                return ExitCodes.Error;
            }
            await ctx.Out.WriteLineAsync($"{kind.Singular}/{name} {condition.Describe}").ConfigureAwait(false);
        }
        return ExitCodes.Success;
    });

    /// <summary>kubectl takes "svc/web svc/db" or "svc web db".</summary>
    public static IReadOnlyList<(KindInfo Kind, string Name)> Resolve(IReadOnlyList<string> targets)
    {
        if (targets.All(t => t.Contains('/', StringComparison.Ordinal)))
        {
            return [.. targets.Select(KindResolver.ResolveReference)];
        }
        if (targets.Count < 2 || targets.Skip(1).Any(t => t.Contains('/', StringComparison.Ordinal)))
        {
            throw new CliException("give KIND/NAME (service/web) or KIND NAME… (service web db)");
        }
        var kind = KindResolver.Resolve(targets[0]);
        return [.. targets.Skip(1).Select(name => (kind, name))];
    }
}
