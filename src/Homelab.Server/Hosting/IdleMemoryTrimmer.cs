using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Homelab.Server.Hosting;

/// <summary>
/// After a burst of work (a cold converge, a big apply) the GC keeps the heap it grew to and glibc keeps the native
/// memory it freed, although the daemon may then idle for days. Once the process has gone quiet after allocating enough
/// to matter, this runs one aggressive, compacting full collection and hands glibc's free pages back to the kernel.
/// </summary>
internal sealed partial class IdleMemoryTrimmer(IOptions<HomelabServerOptions> options, TimeProvider time, ILogger<IdleMemoryTrimmer> logger) : BackgroundService
{
    private const long Mb = 1024 * 1024;
    private bool _nativeTrim = true;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.MemoryTrimInterval;
        if (interval <= TimeSpan.Zero)
        {
            return;
        }
        var policy = new IdleTrimPolicy(GC.GetTotalAllocatedBytes());
        using var timer = new PeriodicTimer(interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            if (policy.ShouldTrim(GC.GetTotalAllocatedBytes()))
            {
                Trim();
            }
        }
    }

    private void Trim()
    {
        var before = Environment.WorkingSet;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        if (_nativeTrim)
        {
            try
            {
                Libc.MallocTrim(0);
            }
            catch (EntryPointNotFoundException)
            {
                // Not glibc (musl has no malloc_trim): the managed heap is still trimmed.
                _nativeTrim = false;
            }
        }
        var gc = GC.GetGCMemoryInfo(GCKind.Any);
        LogTrimmed(before / Mb, Environment.WorkingSet / Mb, gc.HeapSizeBytes / Mb, gc.TotalCommittedBytes / Mb);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Idle: returned memory to the system, working set {BeforeMb} MB -> {AfterMb} MB (managed heap {HeapMb} MB, {CommittedMb} MB committed)")]
    private partial void LogTrimmed(long beforeMb, long afterMb, long heapMb, long committedMb);
}
