using System.Diagnostics;

namespace Homelab.Cli.Tests.EndToEnd;

/// <summary>
/// hlctl or homelabd as the end-to-end tests run it: the build an environment variable names (tests/run.sh names the
/// shipped Native AOT executables), or else the JIT build beside the tests, run with dotnet.
/// </summary>
internal static class ProgramUnderTest
{
    public static string Locate(string variable, string dll) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } other ? other : Path.Combine(AppContext.BaseDirectory, dll);

    /// <summary>Output and error redirected, no shell; add the arguments to <see cref="ProcessStartInfo.ArgumentList"/>.</summary>
    public static ProcessStartInfo StartInfo(string program)
    {
        var managed = program.EndsWith(".dll", StringComparison.Ordinal);
        var info = new ProcessStartInfo(managed ? "dotnet" : program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (managed)
        {
            info.ArgumentList.Add(program);
        }
        return info;
    }

    /// <summary>Runs <paramref name="info"/> with stdin closed, bounded by <paramref name="timeout"/>; <paramref name="display"/> names it in the timeout.</summary>
    public static async Task<ProcessResult> RunAsync(ProcessStartInfo info, string display, TimeSpan timeout)
    {
        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        using var deadline = new CancellationTokenSource(timeout);
        var stdout = process.StandardOutput.ReadToEndAsync(deadline.Token);
        var stderr = process.StandardError.ReadToEndAsync(deadline.Token);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{display} did not finish within {timeout}");
        }
        return new ProcessResult(process.ExitCode, await stdout, await stderr);
    }
}
