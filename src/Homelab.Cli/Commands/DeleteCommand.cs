using System.CommandLine;
using Homelab.Api.Protocol;
using Homelab.Api.Resources;
using Homelab.Cli.Apply;
using Homelab.Cli.Client;
using Homelab.Cli.Waiting;

namespace Homelab.Cli.Commands;

/// <summary>`hlctl delete KIND NAME…` or `-f FILE`: prints `service "web" deleted`; volumes go only with --purge-volumes.</summary>
internal sealed class DeleteCommand(CliContext ctx, Option<string?> socket)
{
    private readonly Argument<string[]> _args = new("KIND NAME") { Description = "A kind and one or more names (or KIND/NAME references)", Arity = ArgumentArity.ZeroOrMore };
    private readonly Option<string[]> _files = new("--filename", "-f") { Description = "Delete the objects in these files" };
    private readonly Option<bool> _recursive = new("--recursive", "-R") { Description = "Descend into subdirectories of -f directories" };
    private readonly Option<string> _namespace = CommonOptions.Namespace();
    private readonly Option<bool> _purgeVolumes = new("--purge-volumes") { Description = "Services: also remove their named volumes (data is lost)" };
    private readonly Option<bool> _ignoreNotFound = new("--ignore-not-found") { Description = "Treat a missing object as deleted" };
    private readonly Option<bool> _force = new("--force") { Description = "Secrets: delete even though Services still mount them (they then report SecretNotFound)" };
    private readonly Option<bool> _wait = new("--wait") { Description = "Wait until the objects are gone (their finalizers have run) before returning", DefaultValueFactory = _ => true };
    private readonly Option<TimeSpan> _timeout = CommonOptions.Timeout(TimeSpan.FromSeconds(120));

    public Command Build()
    {
        var command = new Command("delete", "Delete resources by kind and name, or by file");
        foreach (var option in new Option[] { _files, _recursive, _namespace, _purgeVolumes, _ignoreNotFound, _force, _wait, _timeout })
        {
            command.Add(option);
        }
        command.Add(_args);
        command.SetAction((r, ct) => RunAsync(
            new DeleteRequest(r.GetValue(socket), r.GetValue(_args) ?? [], r.GetValue(_files) ?? [], r.GetValue(_recursive), r.GetValue(_namespace)!, r.GetValue(_purgeVolumes), r.GetValue(_ignoreNotFound))
            {
                Wait = r.GetValue(_wait),
                Timeout = r.GetValue(_timeout),
                Force = r.GetValue(_force),
            },
            ct));
        return command;
    }

    /// <summary>
    /// Deletes what lives in namespaces first and, as kubectl does by default, waits until it is gone (Services keep a
    /// finalizer until their container is removed); only then the namespaces, which the server refuses to delete
    /// while they still hold objects.
    /// </summary>
    public Task<int> RunAsync(DeleteRequest request, CancellationToken ct) => CommandRunner.RunAsync(ctx, async () =>
    {
        var targets = await TargetsAsync(request, ct).ConfigureAwait(false);
        using var client = ctx.Connect(request.Socket);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(request.Timeout);
        var exitCode = ExitCodes.Success;
        foreach (var phase in targets.GroupBy(t => t.Kind == ResourceKinds.Namespace).OrderBy(g => g.Key))
        {
            var deleted = new List<(KindInfo Kind, string? Namespace, string Name)>();
            foreach (var (kind, ns, name) in phase)
            {
                if (await DeleteOneAsync(client, request, kind, ns, name, ct).ConfigureAwait(false))
                {
                    deleted.Add((kind, ns, name));
                }
                else if (!request.IgnoreNotFound)
                {
                    exitCode = ExitCodes.Error;
                }
            }
            if (!request.Wait)
            {
                continue;
            }
            foreach (var (kind, ns, name) in deleted)
            {
                if (!await ConditionWaiter.WaitAsync(client, kind, ns, name, WaitCondition.Gone, deadline.Token).ConfigureAwait(false))
                {
                    ct.ThrowIfCancellationRequested();
                    throw new CliException($"timed out waiting for the deletion of {kind.Plural}/{name}: it may still be finalizing (see hlctl describe {kind.Plural} {name}{(ns is null ? "" : " -n " + ns)})");
                }
            }
        }
        return exitCode;
    });

    /// <summary>False when the object did not exist (reported unless --ignore-not-found).</summary>
    private async Task<bool> DeleteOneAsync(HomelabClient client, DeleteRequest request, KindInfo kind, string? ns, string name, CancellationToken ct)
    {
        var path = ApiPaths.For(kind, ns, name);
        if (request.PurgeVolumes && kind == ResourceKinds.Service)
        {
            path += "?purgeVolumes=true";
        }
        else if (request.Force && kind == ResourceKinds.Secret)
        {
            path += "?force=true";
        }
        try
        {
            await client.DeleteAsync(path, ct).ConfigureAwait(false);
            await ctx.Out.WriteLineAsync($"{kind.Singular} \"{name}\" deleted").ConfigureAwait(false);
            return true;
        }
        catch (ApiException e) when (e.IsNotFound)
        {
            if (!request.IgnoreNotFound)
            {
                await ctx.Err.WriteLineAsync($"Error from server (NotFound): {kind.Plural} \"{name}\" not found").ConfigureAwait(false);
            }
            return false;
        }
    }

    private async Task<IReadOnlyList<(KindInfo Kind, string? Namespace, string Name)>> TargetsAsync(DeleteRequest request, CancellationToken ct)
    {
        if (request.Files.Count > 0)
        {
            if (request.Args.Count > 0)
            {
                throw new CliException("give either -f FILE or KIND NAME…, not both");
            }
            var desired = await ApplyCommand.LoadAsync(new ApplyRequest(request.Socket, request.Files, request.Recursive, request.Namespace, DryRun.Client, false, null, false, TimeSpan.Zero), ctx.In, validate: false, ct).ConfigureAwait(false);
            // Reverse of apply order: what lives in a namespace goes before the namespace.
            return [.. desired.Reverse().Select(d => (d.Kind, d.Kind.Namespaced ? (string?)d.Ref.Namespace : null, d.Ref.Name))];
        }
        if (request.Args.Count == 0)
        {
            throw new CliException("you must specify the kind and name of what to delete (hlctl delete service web), or -f FILE");
        }
        if (request.Args.All(a => a.Contains('/', StringComparison.Ordinal)))
        {
            return [.. request.Args.Select(a => KindResolver.ResolveReference(a)).Select(r => (r.Kind, r.Kind.Namespaced ? (string?)request.Namespace : null, r.Name))];
        }
        if (request.Args.Count < 2)
        {
            throw new CliException($"delete {request.Args[0]}: which one? Give at least one name (hlctl delete {request.Args[0]} NAME)");
        }
        var kind = KindResolver.Resolve(request.Args[0]);
        return [.. request.Args.Skip(1).Select(name => (kind, kind.Namespaced ? (string?)request.Namespace : null, name))];
    }
}

internal sealed record DeleteRequest(string? Socket, IReadOnlyList<string> Args, IReadOnlyList<string> Files, bool Recursive, string Namespace, bool PurgeVolumes, bool IgnoreNotFound)
{
    public bool Wait { get; init; } = true;

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(120);

    public bool Force { get; init; }
}
