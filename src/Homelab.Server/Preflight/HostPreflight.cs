using System.Diagnostics;
using Homelab.Api.Protocol;
using Homelab.Operator;
using Microsoft.Extensions.Logging;

namespace Homelab.Server.Preflight;

/// <summary>
/// Runs every registered <see cref="IHostCheck"/> at once: before homelabd starts, for <c>homelabd check</c>, and for
/// <c>/readyz</c>, where an answer serves for <see cref="CacheLifetime"/> so a poller does not start podman and nft on every
/// request. A check that throws or hangs is reported as failed; it never stops the others.
/// </summary>
public sealed partial class HostPreflight(IEnumerable<IHostCheck> checks, ILogger<HostPreflight> logger)
{
    public static readonly TimeSpan CacheLifetime = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _running = new(1, 1);
    private (HostCheckReport Report, long At)? _last;

    public async Task<HostCheckReport> RunAsync(CancellationToken cancellationToken)
    {
        var results = await Task.WhenAll(checks.Select(c => RunOneAsync(c, cancellationToken))).ConfigureAwait(false);
        var report = new HostCheckReport { Checks = [.. results.SelectMany(r => r)] };
        report.Ready = report.Checks.All(c => c.Ok);
        _last = (report, Stopwatch.GetTimestamp());
        return report;
    }

    /// <summary>The last report while it is younger than <see cref="CacheLifetime"/>, else a new one.</summary>
    public async Task<HostCheckReport> CurrentAsync(CancellationToken cancellationToken)
    {
        await _running.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return _last is { } last && Stopwatch.GetElapsedTime(last.At) < CacheLifetime
                ? last.Report
                : await RunAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _running.Release();
        }
    }

    private async Task<IReadOnlyList<HostCheckResult>> RunOneAsync(IHostCheck check, CancellationToken cancellationToken)
    {
        var name = check.GetType().Name;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CheckTimeout);
        try
        {
            return await check.RunAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return [HostCheckResult.Fail(name, $"did not finish within {CheckTimeout.TotalSeconds:0}s", "see homelabd --log-level Debug for the command that hangs")];
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogCheckFailed(logger, e, name);
            return [HostCheckResult.Fail(name, $"could not run: {e.Message}", "see the daemon log")];
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Host check {Check} failed to run")]
    private static partial void LogCheckFailed(ILogger logger, Exception exception, string check);
}
