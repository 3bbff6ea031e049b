using System.Diagnostics;
using Microsoft.Extensions.Options;

namespace Homelab.Nftables.Firewall;

internal sealed class NftProcess(IOptions<NftOptions> options, NftMetrics? metrics = null) : INftCommand
{
    public async Task<NftCommandResult> RunAsync(IReadOnlyList<string> arguments, string? input, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(options.Value.NftPath)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = new Process { StartInfo = start };
        var started = Stopwatch.GetTimestamp();
        try
        {
            process.Start();
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            throw new NftException($"cannot run {options.Value.NftPath}: {e.Message}");
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.CommandTimeout);
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            if (input is not null)
            {
                await process.StandardInput.WriteAsync(input.AsMemory(), timeout.Token).ConfigureAwait(false);
            }
            process.StandardInput.Close();
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            metrics?.Ran(CommandName(arguments), Stopwatch.GetElapsedTime(started));
            return new NftCommandResult(process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            if (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            throw new NftException($"nft {string.Join(' ', arguments)} did not finish within {options.Value.CommandTimeout}");
        }
    }

    /// <summary>check, load, list or version: what the call does, never a table name.</summary>
    internal static string CommandName(IReadOnlyList<string> arguments) => arguments switch
    {
        ["-c", ..] => "check",
        ["-f", ..] => "load",
        [_, "list", ..] or ["list", ..] => "list",
        ["--version", ..] => "version",
        _ => "other",
    };
}
