using System.Globalization;

namespace Homelab.Cli.Tests.Reliability.Load;

/// <summary>
/// A process's resident memory from /proc/PID/status: VmRSS now, and VmHWM, the kernel's own high-water mark, so a peak
/// between two looks is not missed as it would be by sampling.
/// </summary>
internal static class ProcessMemory
{
    public static double ResidentMb(int pid) => Field(pid, "VmRSS:");

    public static double PeakResidentMb(int pid) => Field(pid, "VmHWM:");

    private static double Field(int pid, string name) =>
        File.ReadLines($"/proc/{pid}/status")
            .Where(l => l.StartsWith(name, StringComparison.Ordinal))
            .Select(l => double.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024)
            .Single();
}
