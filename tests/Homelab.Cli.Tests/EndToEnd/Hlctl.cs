using System.Diagnostics;

namespace Homelab.Cli.Tests.EndToEnd;

/// <summary>Runs the real hlctl as a separate process, as a user would.</summary>
internal static class Hlctl
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(90);

    /// <summary>The hlctl under test: HLTEST_HLCTL (tests/run.sh: the shipped Native AOT build), else hlctl.dll.</summary>
    public static string Program => ProgramUnderTest.Locate("HLTEST_HLCTL", "hlctl.dll");

    public static ProcessStartInfo StartInfo(string socket, IEnumerable<string> args)
    {
        var info = ProgramUnderTest.StartInfo(Program);
        info.RedirectStandardInput = true;
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
        return await ProgramUnderTest.RunAsync(StartInfo(socket, args), $"hlctl {string.Join(' ', args)}", CommandTimeout);
    }
}
