using System.CommandLine;
using Homelab.Api.Resources;
using Homelab.Api.Protocol;
using Homelab.Cli.Printing;

namespace Homelab.Cli.Commands;

/// <summary>`hlctl describe KIND NAME`: the object in kubectl describe's layout, with its events.</summary>
internal sealed class DescribeCommand(CliContext ctx, Option<string?> socket)
{
    private readonly Argument<string> _kind = new("KIND") { Description = "services (svc), networkpolicies (netpol), updatepolicies (up), namespaces (ns)" };
    private readonly Argument<string[]> _names = new("NAME") { Description = "Names to describe", Arity = ArgumentArity.OneOrMore };
    private readonly Option<string> _namespace = CommonOptions.Namespace();

    public Command Build()
    {
        var command = new Command("describe", "Show details of resources, with their conditions and events");
        command.Add(_kind);
        command.Add(_names);
        command.Add(_namespace);
        command.SetAction((r, ct) => RunAsync(r.GetValue(socket), r.GetValue(_kind)!, r.GetValue(_names) ?? [], r.GetValue(_namespace)!, ct));
        return command;
    }

    public Task<int> RunAsync(string? socketPath, string kindName, IReadOnlyList<string> names, string ns, CancellationToken ct) => CommandRunner.RunAsync(ctx, async () =>
    {
        var kind = KindResolver.Resolve(kindName);
        var scope = kind.Namespaced ? ns : null;
        using var client = ctx.Connect(socketPath);
        var first = true;
        string? hostIpv6 = null;
        foreach (var name in names)
        {
            var obj = await client.GetAsync(ApiPaths.For(kind, scope, name), ct).ConfigureAwait(false);
            obj["kind"] ??= kind.Kind;
            var events = await client.EventsAsync(scope, kind.Kind, name, ct).ConfigureAwait(false);
            var access = kind == ResourceKinds.Service
                ? await client.TryGetAsync(ApiPaths.ServiceAccess(scope!, name), ct).ConfigureAwait(false)
                : null;
            // Asked once for all the names: the host's IPv6 route does not change between them.
            hostIpv6 ??= access is null ? null : (await client.HostChecksAsync(ct).ConfigureAwait(false)).Checks
                .FirstOrDefault(c => c.Name == HostCheckReport.Ipv6Route)?.Message ?? "";
            if (!first)
            {
                await ctx.Out.WriteLineAsync().ConfigureAwait(false);
            }
            first = false;
            await ctx.Out.WriteAsync(Describer.Describe(obj, events.Items, ctx.Time.GetUtcNow(), access, hostIpv6 is { Length: > 0 } ? hostIpv6 : null)).ConfigureAwait(false);
        }
        return ExitCodes.Success;
    });
}
