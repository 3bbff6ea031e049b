using Homelab.Cli.Client;
using Microsoft.Extensions.Time.Testing;

namespace Homelab.Cli.Tests.Export;

/// <summary>Runs hlctl in process, as a user types it; never connects to a daemon.</summary>
internal sealed class ExportCli
{
    public StringWriter Out { get; } = new();
    public StringWriter Err { get; } = new();

    public Task<int> RunAsync(params string[] args)
    {
        var ctx = new CliContext(Out, Err, new FakeTimeProvider(),
            path => throw new InvalidOperationException($"export and import from files must not connect to {path}"),
            _ => null, new StringReader(""));
        return CliApp.RunAsync(args, ctx, CancellationToken.None);
    }
}
