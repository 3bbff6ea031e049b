using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Homelab.Store.Hosting;

/// <summary>Trims the changelog to <see cref="StoreOptions.ChangelogRetention"/> every <see cref="StoreOptions.CompactionInterval"/>.</summary>
internal sealed partial class StoreCompactionService(IResourceStore store, IOptions<StoreOptions> options, TimeProvider time, ILogger<StoreCompactionService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.CompactionInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(interval, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            try
            {
                store.Compact();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A failed compaction only means a longer changelog; it must never stop the host.
                LogCompactionFailed(logger, e, interval);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Changelog compaction failed; retrying in {Interval}")]
    private static partial void LogCompactionFailed(ILogger logger, Exception exception, TimeSpan interval);
}
