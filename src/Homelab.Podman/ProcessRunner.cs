using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text;

namespace Homelab.Podman;

/// <summary>
/// Runs a program with an argument list (never a shell string, so no value from a spec is ever parsed by a shell),
/// capturing stdout and stderr. Cancellation or the timeout kills the whole process tree. Streams, which run for as
/// long as someone reads them, are tied to this process (<see cref="TiedProcessLauncher"/>), so they die with it.
/// </summary>
internal sealed class ProcessRunner
{
    public async Task<ProcessResult> RunAsync(string fileName, IReadOnlyList<string> arguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var process = Start(StartInfo(fileName, arguments));
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(timeoutSource.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            cancellationToken.ThrowIfCancellationRequested();
            throw new TimeoutException($"{Describe(fileName, arguments)} did not finish within {timeout}");
        }
        return new ProcessResult(process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
    }

    /// <summary>Streams stdout line by line (stderr merged in as lines too) until the process exits or the caller stops.</summary>
    public async IAsyncEnumerable<string> StreamLinesAsync(string fileName, IReadOnlyList<string> arguments, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var process = await StartTiedAsync(fileName, arguments).ConfigureAwait(false);
        var lines = System.Threading.Channels.Channel.CreateUnbounded<string>();
        var pumps = Task.WhenAll(Pump(process.StandardOutput), Pump(process.StandardError))
            .ContinueWith(_ => lines.Writer.TryComplete(), TaskScheduler.Default);
        try
        {
            await foreach (var line in lines.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return line;
            }
        }
        finally
        {
            Kill(process);
            await pumps.ConfigureAwait(false);
        }

        async Task Pump(StreamReader reader)
        {
            while (await reader.ReadLineAsync(CancellationToken.None).ConfigureAwait(false) is { } line)
            {
                await lines.Writer.WriteAsync(line, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    internal static string Describe(string fileName, IReadOnlyList<string> arguments)
    {
        var text = new StringBuilder(Path.GetFileName(fileName));
        foreach (var argument in arguments.Take(4))
        {
            text.Append(' ').Append(argument);
        }
        return text.ToString();
    }

    /// <summary>Starts a program that must not outlive homelabd; stdout and stderr are redirected, the caller owns the process.</summary>
    public static Task<Process> StartTiedAsync(string fileName, IReadOnlyList<string> arguments) =>
        TiedProcessLauncher.Shared.StartAsync(StartInfo(fileName, arguments));

    private static ProcessStartInfo StartInfo(string fileName, IReadOnlyList<string> arguments)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        return info;
    }

    private static Process Start(ProcessStartInfo info)
    {
        try
        {
            return Process.Start(info) ?? throw new PodmanException($"could not start {info.FileName}");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new PodmanException($"could not start {info.FileName}: {e.Message}", e);
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Exited between the check and the kill.
        }
    }
}
