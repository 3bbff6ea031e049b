using System.CommandLine;
using Homelab.Cli.Commands;

namespace Homelab.Cli;

/// <summary>The command tree. Commands are built per invocation and parse lazily, so start-up stays cheap.</summary>
internal static class CliApp
{
    public static RootCommand Build(CliContext ctx)
    {
        var socket = CommonOptions.Socket();
        var root = new RootCommand("hlctl controls homelabd, the Homelab operator, the way kubectl controls Kubernetes.");
        root.Add(socket);
        root.Add(new ApplyCommand(ctx, socket).Build());
        root.Add(new GetCommand(ctx, socket).Build());
        root.Add(new DescribeCommand(ctx, socket).Build());
        root.Add(new DeleteCommand(ctx, socket).Build());
        root.Add(new CreateSecretCommand(ctx, socket).Build());
        root.Add(new DiffCommand(ctx, socket).Build());
        root.Add(new WaitCommand(ctx, socket).Build());
        root.Add(new LogsCommand(ctx, socket).Build());
        root.Add(new EventsCommand(ctx, socket).Build());
        root.Add(new UpdatesCommand(ctx, socket).Build());
        root.Add(new ExplainAccessCommand(ctx, socket).Build());
        root.Add(new ExportCommand(ctx, socket).Build());
        root.Add(new ImportCommand(ctx).Build());
        root.Add(new DoctorCommand(ctx, socket).Build());
        root.Add(new VersionCommand(ctx, socket).Build());
        root.Add(new KubeconfigCommand(ctx, socket).Build());
        root.Add(new DashboardCommand(ctx, socket).Build());
        return root;
    }

    public static Task<int> RunAsync(string[] args, CliContext ctx, CancellationToken ct)
    {
        var result = Build(ctx).Parse(args);
        return result.InvokeAsync(new InvocationConfiguration { Output = ctx.Out, Error = ctx.Err }, ct);
    }
}
