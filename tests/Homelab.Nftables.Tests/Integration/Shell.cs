using System.Diagnostics;

namespace Homelab.Nftables.Tests.Integration;

public sealed record ShellResult(int ExitCode, string Output, string Error);

/// <summary>Runs a program with a hard time limit; the lab's only way to touch podman, nft and ip.</summary>
internal static class Shell
{
    public static async Task<ShellResult> RunAsync(string program, IEnumerable<string> arguments, TimeSpan? timeout = null, string? input = null)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        var output = process.StandardOutput.ReadToEndAsync(cts.Token);
        var error = process.StandardError.ReadToEndAsync(cts.Token);
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
        }
        process.StandardInput.Close();
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return new ShellResult(-1, "", $"{program} timed out");
        }
        return new ShellResult(process.ExitCode, await output, await error);
    }

    public static async Task<string> CheckedAsync(string program, params string[] arguments)
    {
        var result = await RunAsync(program, arguments);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed ({result.ExitCode}): {result.Error}");
        }
        return result.Output;
    }
}
