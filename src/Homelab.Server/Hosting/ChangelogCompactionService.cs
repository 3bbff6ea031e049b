using Homelab.Store;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Homelab.Server.Hosting;

/// <summary>Drops old changelog entries on a timer so the store file does not grow with every write ever made.</summary>
internal sealed class ChangelogCompactionService(
    IResourceStore store,
    IOptions<HomelabServerOptions> options,
    TimeProvider timeProvider,
    ILogger<ChangelogCompactionService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CompactionInterval, timeProvider);
        while (await WaitAsync(timer, stoppingToken))
        {
            // A failed compaction must not stop the host (an exception escaping ExecuteAsync would): log it and try next tick.
            try
            {
                var before = store.CompactedRevision;
                var after = store.Compact();
                if (after != before)
                {
                    logger.LogInformation("Compacted the changelog up to revision {CompactedRevision} (was {PreviousCompactedRevision})", after, before);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Changelog compaction failed; retrying in {Interval}", options.Value.CompactionInterval);
            }
        }
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken cancellationToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
