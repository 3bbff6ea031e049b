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
}
