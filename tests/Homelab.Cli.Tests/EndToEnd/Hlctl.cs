using System.Diagnostics;

namespace Homelab.Cli.Tests.EndToEnd;

/// <summary>Runs the real built hlctl (dotnet hlctl.dll) as a separate process, as a user would.</summary>
internal static class Hlctl
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(90);

    public static string Dll => Path.Combine(AppContext.BaseDirectory, "hlctl.dll");

    public static ProcessStartInfo StartInfo(string socket, IEnumerable<string> args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Dll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        info.ArgumentList.Add("--socket");
        info.ArgumentList.Add(socket);
        info.Environment.Remove("HOMELAB_SOCKET");
        return info;
    }

    public static async Task<ProcessResult> RunAsync(string socket, params string[] args)
    {
        using var process = Process.Start(StartInfo(socket, args))!;
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(CommandTimeout);
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"hlctl {string.Join(' ', args)} did not finish within {CommandTimeout}");
        }
        return new ProcessResult(process.ExitCode, await stdout, await stderr);
    }
}
