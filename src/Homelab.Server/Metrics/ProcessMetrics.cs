using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Homelab.Server.Metrics;

/// <summary>
/// The standard <c>process_*</c> set of Prometheus' client libraries, read from /proc at scrape time: CPU seconds,
/// resident and virtual memory, open and maximum file descriptors, start time.
/// </summary>
internal static class ProcessMetrics
{
    public static void WriteTo(StringBuilder text)
    {
        using var process = Process.GetCurrentProcess();
        Write(text, "process_cpu_seconds_total", "Total user and system CPU time spent in seconds.", MetricType.Counter, process.TotalProcessorTime.TotalSeconds);
        Write(text, "process_resident_memory_bytes", "Resident memory size in bytes.", MetricType.Gauge, process.WorkingSet64);
        Write(text, "process_virtual_memory_bytes", "Virtual memory size in bytes.", MetricType.Gauge, process.VirtualMemorySize64);
        Write(text, "process_start_time_seconds", "Start time of the process since unix epoch in seconds.", MetricType.Gauge,
            new DateTimeOffset(process.StartTime.ToUniversalTime()).ToUnixTimeMilliseconds() / 1000.0);
        if (OpenFds() is { } open)
        {
            Write(text, "process_open_fds", "Number of open file descriptors.", MetricType.Gauge, open);
        }
        if (MaxFds() is { } max)
        {
            Write(text, "process_max_fds", "Maximum number of open file descriptors.", MetricType.Gauge, max);
        }
    }

    private static void Write(StringBuilder text, string name, string help, MetricType type, double value) =>
        PrometheusText.WriteFamily(text, name, help, type, [new MetricPoint("", value, null)]);

    private static int? OpenFds()
    {
        try
        {
            return Directory.GetFileSystemEntries("/proc/self/fd").Length;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The soft limit from /proc/self/limits ("Max open files  1024  4096  files").</summary>
    private static double? MaxFds()
    {
        try
        {
            var line = File.ReadLines("/proc/self/limits").FirstOrDefault(l => l.StartsWith("Max open files", StringComparison.Ordinal));
            var soft = line?["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
            return soft switch
            {
                null => null,
                "unlimited" => double.PositiveInfinity,
                _ => double.Parse(soft, CultureInfo.InvariantCulture),
            };
        }
        catch (IOException)
        {
            return null;
        }
    }
}
