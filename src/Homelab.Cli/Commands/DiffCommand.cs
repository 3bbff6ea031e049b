using System.CommandLine;
using System.Text;
using System.Text.Json.Nodes;
using Homelab.Api;
using Homelab.Api.Serialization;
using Homelab.Cli.Apply;
using Homelab.Cli.Printing;

namespace Homelab.Cli.Commands;

/// <summary>`hlctl diff -f FILE`: what apply would change, as a unified diff of live vs merged YAML per object. Exit 0 none, 1 changes, 2 error.</summary>
internal sealed class DiffCommand(CliContext ctx, Option<string?> socket)
{
    private readonly Option<string[]> _files = new("--filename", "-f") { Description = "File, directory or - (stdin); repeatable" };
    private readonly Option<bool> _recursive = new("--recursive", "-R") { Description = "Descend into subdirectories of -f directories" };
    private readonly Option<string> _namespace = CommonOptions.Namespace();

    public Command Build()
    {
        var command = new Command("diff", "Show what apply would change (exit 0: no changes, 1: changes, >1: error)");
        command.Add(_files);
        command.Add(_recursive);
        command.Add(_namespace);
        command.SetAction((r, ct) => RunAsync(r.GetValue(socket), r.GetValue(_files) ?? [], r.GetValue(_recursive), r.GetValue(_namespace)!, ct));
        return command;
    }

    public Task<int> RunAsync(string? socketPath, IReadOnlyList<string> files, bool recursive, string ns, CancellationToken ct) => CommandRunner.RunAsync(ctx, async () =>
    {
        var request = new ApplyRequest(socketPath, files, recursive, ns, DryRun.Client, false, null, false, TimeSpan.Zero);
        request.Check();
        var desired = await ApplyCommand.LoadAsync(request, ctx.In, validate: true, ct).ConfigureAwait(false);
        using var client = ctx.Connect(socketPath);
        var live = await LiveState.ReadAsync(client, desired, null, ct).ConfigureAwait(false);
        var output = new StringBuilder();
        foreach (var change in ApplyPlanner.Plan(desired, live.Objects, []))
        {
            output.Append(Render(change));
        }
        await ctx.Out.WriteAsync(output.ToString()).ConfigureAwait(false);
        return output.Length == 0 ? ExitCodes.Success : ExitCodes.DiffFound;
    }, ExitCodes.DiffError);

    /// <summary>The diff of one object, with kubectl diff's LIVE/MERGED file names; "" when unchanged.</summary>
    public static string Render(PlannedChange change)
    {
        var (live, result) = SecretMask.ForDiff(change.Live, change.Result);
        var before = live is null ? "" : YamlOutput.Write(WithoutStatus(live));
        var after = result is null ? "" : YamlOutput.Write(WithoutStatus(result));
        var hunks = UnifiedDiff.Compute(before, after);
        if (hunks.Length == 0)
        {
            return "";
        }
        var file = $"{ApiGroup.Group}.{ApiGroup.Version}.{change.Kind.Kind}.{(change.Ref.Namespace.Length > 0 ? change.Ref.Namespace + "." : "")}{change.Ref.Name}";
        return $"diff -u -N LIVE/{file} MERGED/{file}\n--- LIVE/{file}\n+++ MERGED/{file}\n{hunks}";
    }

    /// <summary>Status is the controllers' business and apply never changes it; leaving it out keeps the diff to what apply does.</summary>
    private static JsonObject WithoutStatus(JsonObject obj)
    {
        var copy = (JsonObject)obj.DeepClone();
        copy.Remove("status");
        return copy;
    }
}
