using System.Diagnostics;

namespace Homelab.TestKit;

/// <summary>Runs a program on the host for an integration test: bounded in time, failing with its stderr.</summary>
public static class HostCommand
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(2);

    /// <summary>Runs <c>command[0]</c> with the rest as arguments; returns its stdout, throws when it fails or overruns.</summary>
    public static async Task<string> RunAsync(params IReadOnlyList<string> command)
    {
        var result = await ExecAsync(command);
        return result.ExitCode == 0
            ? result.StandardOutput
            : throw new InvalidOperationException($"{string.Join(' ', command)} exited {result.ExitCode}: {result.StandardError.Trim()}");
    }

    /// <summary>Runs <paramref name="command"/> with extra <paramref name="environment"/>; any exit code is an answer, only an overrun throws.</summary>
    public static async Task<HostCommandResult> ExecAsync(IReadOnlyList<string> command, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{command[0]} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(DefaultTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{string.Join(' ', command)} did not finish within {DefaultTimeout.TotalSeconds}s");
        }
        return new HostCommandResult(process.ExitCode, await stdout, await stderr);
    }
}

public sealed record HostCommandResult(int ExitCode, string StandardOutput, string StandardError);
