using System.CommandLine;
using Homelab.Api.Protocol;
using Homelab.Api.Resources;
using Homelab.Api.Serialization;
using Homelab.Cli.Apply;
using Homelab.Cli.Client;
using Homelab.Cli.Waiting;

namespace Homelab.Cli.Commands;

/// <summary>
/// `hlctl apply -f …`: validate everything, read live state with one list per kind and namespace, three-way merge, and send
/// every write in one all-or-nothing batch. Re-applying an unchanged file sends nothing at all.
/// </summary>
internal sealed class ApplyCommand(CliContext ctx, Option<string?> socket)
{
    /// <summary>How often a batch refused with 409 Conflict is re-planned from fresh live state.</summary>
    public const int MaxConflictAttempts = 4;

    private readonly Option<string[]> _files = new("--filename", "-f") { Description = "File, directory or - (stdin); repeatable", AllowMultipleArgumentsPerToken = false };
    private readonly Option<bool> _recursive = new("--recursive", "-R") { Description = "Descend into subdirectories of -f directories" };
    private readonly Option<string> _namespace = CommonOptions.Namespace();
    private readonly Option<string> _dryRun = CreateDryRun();
    private readonly Option<bool> _prune = new("--prune") { Description = "Delete members of --applyset that are no longer in the files" };
    private readonly Option<string?> _applySet = new("--applyset") { Description = "Name of the apply set: members get label homelab.dev/applyset=NAME" };
    private readonly Option<bool> _wait = new("--wait") { Description = "Wait until every applied object is Ready" };
    private readonly Option<TimeSpan> _timeout = CommonOptions.Timeout(TimeSpan.FromSeconds(60));

    public Command Build()
    {
        var command = new Command("apply", "Create or update resources from files, kubectl-style (three-way merge)");
        foreach (var option in new Option[] { _files, _recursive, _namespace, _dryRun, _prune, _applySet, _wait, _timeout })
        {
            command.Add(option);
        }
        command.SetAction((r, ct) => RunAsync(
            new ApplyRequest(r.GetValue(socket), r.GetValue(_files) ?? [], r.GetValue(_recursive), r.GetValue(_namespace)!, r.GetValue(_dryRun)!,
                r.GetValue(_prune), r.GetValue(_applySet), r.GetValue(_wait), r.GetValue(_timeout)),
            ct));
        return command;
    }

    public Task<int> RunAsync(ApplyRequest request, CancellationToken ct) => CommandRunner.RunAsync(ctx, async () =>
    {
        request.Check();
        using var client = ctx.Connect(request.Socket);
        // Connecting costs about as much as parsing a hundred documents; on two cores they overlap. A manifest error is
        // still reported first: the warm-up's outcome (say, no daemon) is looked at only after the files have loaded.
        var warmUp = client.WarmUpAsync(ct);
        IReadOnlyList<DesiredObject> desired;
        try
        {
            desired = await LoadAsync(request, ctx.In, validate: false, ct).ConfigureAwait(false);
        }
        catch
        {
            _ = warmUp.ContinueWith(t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            throw;
        }
        await warmUp.ConfigureAwait(false);
        var changes = await WriteAsync(client, desired, request, ct).ConfigureAwait(false);
        var suffix = DryRun.Suffix(request.DryRun);
        foreach (var change in changes)
        {
            await ctx.Out.WriteLineAsync($"{change.Display} {change.Outcome}{suffix}").ConfigureAwait(false);
        }
        if (!request.Wait || request.DryRun != DryRun.None)
        {
            return ExitCodes.Success;
        }
        return await WaitReadyAsync(client, changes, request.Timeout, ct).ConfigureAwait(false);
    });

    /// <summary>
    /// Reads every document and checks its identity (kind, name); with <paramref name="validate"/> also the full schema and
    /// validators. Any error anywhere fails the whole command before a single request.
    /// </summary>
    public static async Task<IReadOnlyList<DesiredObject>> LoadAsync(ApplyRequest request, TextReader stdin, bool validate, CancellationToken ct)
    {
        try
        {
            var documents = await ManifestReader.ReadAsync(request.Files, request.Recursive, stdin, ct).ConfigureAwait(false);
            if (documents.Count == 0)
            {
                throw new CliException("no objects passed to apply");
            }
            var desired = ManifestLoader.Load(documents, request.Namespace, request.ApplySet);
            if (validate)
            {
                ManifestLoader.Validate(desired);
            }
            return desired;
        }
        catch (ManifestException e)
        {
            throw new CliException($"nothing was applied: {e.Message}");
        }
        catch (IOException e)
        {
            throw new CliException(e.Message);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new CliException(e.Message);
        }
    }

    /// <summary>
    /// Plans against live state and sends the writes as one batch. Validation runs once, before the first write of any kind
    /// (dry runs included): an apply with nothing to write has nothing to refuse — every object already equals what the
    /// daemon validated when it stored it — and skipping it keeps a no-op apply close to the process floor.
    /// </summary>
    private async Task<IReadOnlyList<PlannedChange>> WriteAsync(HomelabClient client, IReadOnlyList<DesiredObject> desired, ApplyRequest request, CancellationToken ct)
    {
        var validated = false;
        for (var attempt = 1; ; attempt++)
        {
            var live = await LiveState.ReadAsync(client, desired, request.Prune ? request.ApplySet : null, ct).ConfigureAwait(false);
            var changes = ApplyPlanner.Plan(desired, live.Objects, live.ApplySetMembers);
            var operations = changes.Where(c => c.Operation is not null).Select(c => c.Operation!).ToList();
            if (operations.Count == 0)
            {
                return changes;
            }
            if (!validated)
            {
                ManifestLoader.Validate(desired);
                validated = true;
            }
            if (request.DryRun == DryRun.Client)
            {
                return changes;
            }
            try
            {
                var response = await client.BatchAsync(new BatchRequest { Operations = operations }, request.DryRun == DryRun.Server, ct).ConfigureAwait(false);
                return ApplyPlanner.Reported(changes, response.Results);
            }
            catch (ApiException e) when (e.IsConflict && attempt < MaxConflictAttempts)
            {
                await ctx.Err.WriteLineAsync($"warning: {e.Status.Message}; re-reading and retrying ({attempt}/{MaxConflictAttempts - 1})").ConfigureAwait(false);
            }
            catch (ApiException e) when (ServerRefusal.Locate(e, desired) is { } located)
            {
                throw located;
            }
        }
    }

    private async Task<int> WaitReadyAsync(HomelabClient client, IReadOnlyList<PlannedChange> changes, TimeSpan timeout, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        // Namespaces, Secrets and image policies have no controller and no Ready condition; waiting on them would always time out.
        foreach (var change in changes.Where(c => c.Outcome != ApplyOutcome.Pruned && ResourceKinds.Reconciled.Contains(c.Kind)))
        {
            var ns = change.Kind.Namespaced ? change.Ref.Namespace : null;
            if (!await ConditionWaiter.WaitAsync(client, change.Kind, ns, change.Ref.Name, WaitCondition.Ready, deadline.Token).ConfigureAwait(false))
            {
                ct.ThrowIfCancellationRequested();
                await ctx.Err.WriteLineAsync($"error: timed out waiting for the condition on {change.Kind.Plural}/{change.Ref.Name}").ConfigureAwait(false);
                return ExitCodes.Error;
            }
            await ctx.Out.WriteLineAsync($"{change.Display} condition met").ConfigureAwait(false);
        }
        return ExitCodes.Success;
    }

    private static Option<string> CreateDryRun()
    {
        var option = new Option<string>("--dry-run") { Description = "none, client (print only) or server (validate and merge on the daemon, store nothing)", DefaultValueFactory = _ => DryRun.None };
        option.AcceptOnlyFromAmong(DryRun.All);
        return option;
    }
}

internal sealed record ApplyRequest(string? Socket, IReadOnlyList<string> Files, bool Recursive, string Namespace, string DryRun, bool Prune, string? ApplySet, bool Wait, TimeSpan Timeout)
{
    /// <summary>Argument combinations kubectl refuses, refused before anything is read.</summary>
    public void Check()
    {
        if (Files.Count == 0)
        {
            throw new CliException("must specify one of -f or --filename");
        }
        if (Prune && string.IsNullOrEmpty(ApplySet))
        {
            throw new CliException("--prune requires --applyset NAME: only members of a named apply set are ever pruned");
        }
        if (ApplySet is not null && !IsLabelValue(ApplySet))
        {
            throw new CliException($"--applyset \"{ApplySet}\": must be a valid label value (up to 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit)");
        }
    }

    private static bool IsLabelValue(string value) =>
        value.Length is > 0 and <= 63
        && char.IsAsciiLetterOrDigit(value[0]) && char.IsAsciiLetterOrDigit(value[^1])
        && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}
