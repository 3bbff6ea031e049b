using System.Globalization;

namespace Homelab.Podman;

/// <summary>
/// The host's process table (/proc). A killed conmon is reparented to PID 1, which here does not reap it: it lingers as a
/// zombie, so "the pid exists" is not "the process runs"; its state letter says.
/// </summary>
internal static class ProcessTable
{
    /// <summary>True when the process runs, false when it is gone or a zombie, null when <paramref name="pid"/> is unknown (0).</summary>
    public static bool? IsAlive(int pid, string procRoot = "/proc")
    {
        if (pid <= 0)
        {
            return null;
        }
        string stat;
        try
        {
            stat = File.ReadAllText(Path.Combine(procRoot, pid.ToString(CultureInfo.InvariantCulture), "stat"));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return false;
        }
        catch (IOException)
        {
            // ESRCH while reading: the process ended between open and read.
            return false;
        }
        return State(stat) is not ('Z' or 'X' or 'x' or null);
    }

    /// <summary>The state letter of a /proc/PID/stat line: the field after the command, which may itself hold ") ".</summary>
    public static char? State(string stat)
    {
        var end = stat.LastIndexOf(')');
        return end >= 0 && end + 2 < stat.Length ? stat[end + 2] : null;
    }
}
