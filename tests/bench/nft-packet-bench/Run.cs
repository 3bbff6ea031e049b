using System.Diagnostics;

namespace NftPacketBench;

internal sealed record RunResult(int ExitCode, string Output, string Error);

/// <summary>Runs the tools the bench drives (podman, nft, nsenter); every call has a time limit and stops on cancellation.</summary>
internal static class Run
{
    public static async Task<RunResult> ToolAsync(string program, IEnumerable<string> arguments, CancellationToken cancellationToken, TimeSpan? timeout = null)
    {
        using var process = Process.Start(Start(program, arguments))!;
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout ?? TimeSpan.FromSeconds(60));
        var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var error = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            cancellationToken.ThrowIfCancellationRequested();
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} did not finish in time");
        }
        return new RunResult(process.ExitCode, await output, await error);
    }

    public static async Task<string> CheckedAsync(CancellationToken cancellationToken, string program, params string[] arguments)
    {
        var result = await ToolAsync(program, arguments, cancellationToken);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed ({result.ExitCode}): {result.Error}");
        }
        return result.Output;
    }

    /// <summary>
    /// Starts a server that runs until killed. Its output is read and dropped, so a full pipe never stalls it: iperf3
    /// reports every test and complains of the readiness probe's empty connection; a failure shows in the clients.
    /// </summary>
    public static Process Background(string program, params string[] arguments)
    {
        var process = Process.Start(Start(program, arguments))!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static ProcessStartInfo Start(string program, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        return start;
    }
}
