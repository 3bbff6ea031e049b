using System.Globalization;

namespace Homelab.TestKit;

/// <summary>The host's processes as /proc shows them: for tests that prove a child did not outlive its parent.</summary>
public static class HostProcesses
{
    /// <summary>Processes whose command line (arguments joined by spaces) contains <paramref name="fragment"/>.</summary>
    public static IReadOnlyList<(int Pid, string CommandLine)> Matching(string fragment)
    {
        var found = new List<(int, string)>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }
            string commandLine;
            try
            {
                commandLine = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ').Trim();
            }
            catch (IOException)
            {
                continue; // exited while we looked
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }
            if (commandLine.Contains(fragment, StringComparison.Ordinal))
            {
                found.Add((pid, commandLine));
            }
        }
        return found;
    }

    /// <summary>Polls until no process matches <paramref name="fragment"/> or <paramref name="timeout"/> passes; returns what still matches.</summary>
    public static async Task<IReadOnlyList<(int Pid, string CommandLine)>> WaitUntilGoneAsync(string fragment, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var left = Matching(fragment);
            if (left.Count == 0 || DateTime.UtcNow >= deadline)
            {
                return left;
            }
            await Task.Delay(100);
        }
    }
}
