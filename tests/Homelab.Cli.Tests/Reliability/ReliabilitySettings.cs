using System.Globalization;

namespace Homelab.Cli.Tests.Reliability;

/// <summary>
/// How hard the reliability suites push: short by default (CI, tests/run.sh), long when tests/reliability/run.sh --long
/// sets the variables. Each suite writes what it did to HLTEST_RELIABILITY_OUT (one JSON line per suite), which that
/// script turns into tests/bench/reliability.md.
/// </summary>
internal static class ReliabilitySettings
{
    public static int Int(string variable, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(variable), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;

    /// <summary>Appends one suite's figures, as a JSON object, to the file the script names; nothing when run alone.</summary>
    public static void Record(string suite, params (string Name, double Value)[] figures)
    {
        if (Environment.GetEnvironmentVariable("HLTEST_RELIABILITY_OUT") is not { Length: > 0 } path)
        {
            return;
        }
        var line = new System.Text.Json.Nodes.JsonObject { ["suite"] = suite };
        foreach (var (name, value) in figures)
        {
            line[name] = value;
        }
        lock (typeof(ReliabilitySettings))
        {
            File.AppendAllText(path, line.ToJsonString() + "\n");
        }
    }
}
