using Homelab.Api.Resources;
using Homelab.Server.Http;
using Homelab.Store;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Homelab.Server.Endpoints;

/// <summary>
/// Serves ?watch=true: replays changes after the requested revision, then streams live ones, one JSON event per line,
/// until the client goes away or the daemon stops.
/// </summary>
internal sealed partial class WatchStreamer(
    IResourceStore store,
    IOptions<HomelabServerOptions> options,
    IOptions<StoreOptions> watchLimits,
    TimeProvider timeProvider,
    IHostApplicationLifetime lifetime,
    ILogger<WatchStreamer> logger)
{
    /// <param name="render">Each event's object as JSON: the stored object, or a Table of it for kubectl.</param>
    public async Task StreamAsync(HttpContext context, KindInfo kind, string? ns, ObjectSelector selector, Func<StoredObject, string> render)
    {
        var request = context.Request;
        var requested = QueryParameters.ResourceVersion(QueryParameters.Single(request, "resourceVersion"), "resourceVersion");
        var bookmarks = QueryParameters.Flag(request, "allowWatchBookmarks");
        var timeout = QueryParameters.Seconds(request, "timeoutSeconds");
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        // ?timeoutSeconds ends the stream cleanly, as the apiserver does; the client then watches again.
        using var expiry = timeout is { } seconds ? new CancellationTokenSource(seconds, timeProvider) : null;
        // Armed when the store cuts this watcher off: what it still owes must be taken by then (Store:WatchDrainTimeout).
        using var drain = new CancellationTokenSource(Timeout.InfiniteTimeSpan, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stop.Token, expiry?.Token ?? CancellationToken.None, drain.Token);
        var cancellationToken = linked.Token;

        // Revision 0 (or none) is Kubernetes' "any version": the store starts with the current objects as ADDED events,
        // a snapshot no older than the revision read here, so that revision is safe to bookmark.
        var from = requested ?? 0;
        var bookmarkable = from == 0 ? store.Revision : from;
        IWatch? watch = null;
        StoreException? gone = null;
        try
        {
            watch = store.Watch(kind.Kind, ns, from);
        }
        catch (StoreException e) when (e.Code == StatusCodes.Status410Gone)
        {
            // Kubernetes answers a too-old revision inside the stream, so clients handle it where they handle expiry.
            gone = e;
        }

        using (watch)
        // Runs under the store's write lock, so it only arms a timer.
        using (watch?.CutOff.Register(() => drain.CancelAfter(watchLimits.Value.WatchDrainTimeout)))
        {
            var response = context.Response;
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = ApiResponses.JsonContentType;
            context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
            // Kestrel's minimum response rate would drop a watcher that pauses once its socket is full, silently and
            // after a few seconds when events are sparse; the store's bounded buffer paces a watch instead, and ends it
            // with a reason.
            if (context.Features.Get<IHttpMinResponseDataRateFeature>() is { } rate)
            {
                rate.MinDataRate = null;
            }
            await using var writer = new WatchEventWriter(response.BodyWriter);
            try
            {
                // Headers go out now: a watch with nothing to report yet must still tell the client it is established.
                await response.StartAsync(cancellationToken);
                await response.BodyWriter.FlushAsync(cancellationToken);
                if (watch is null)
                {
                    await writer.WriteErrorAsync(ApiResponses.Failure(gone!.Code, gone.Reason, gone.Message), cancellationToken);
                    return;
                }
                // Resuming from a revision: objects matching now are the best knowledge of what the client holds.
                var filter = new WatchFilter(selector, !selector.IsAll && from > 0 ? store.List(kind.Kind, ns, selector.Labels) : null);
                await PumpAsync(watch, writer, filter, render, kind, bookmarkable, bookmarks, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && !drain.IsCancellationRequested)
            {
                LogEnded(logger, kind.Kind, ns ?? "all namespaces",
                    context.RequestAborted.IsCancellationRequested ? "client left" : expiry?.IsCancellationRequested == true ? "timeoutSeconds" : "daemon stopping");
            }
            catch (OperationCanceledException) when (drain.IsCancellationRequested)
            {
                // Reported below: Kestrel mostly answers a cancelled write by aborting, without an exception.
            }
        }
        if (drain.IsCancellationRequested)
        {
            // The 410 waited behind events the client never took: it did not arrive, so say it here and free the connection.
            LogDropped(logger, kind.Kind, ns ?? "all namespaces", watchLimits.Value.WatchDrainTimeout);
            context.Abort();
        }
    }

    private async Task PumpAsync(IWatch watch, WatchEventWriter writer, WatchFilter filter, Func<StoredObject, string> render, KindInfo kind, long bookmarkable, bool bookmarks, CancellationToken cancellationToken)
    {
        using var timer = bookmarks ? new PeriodicTimer(options.Value.WatchBookmarkInterval, timeProvider) : null;
        // Only revisions actually sent may be bookmarked: a later store revision could still be on its way to this watch.
        var sent = bookmarkable;
        Task<bool>? readable = null;
        Task<bool>? tick = null;
        var reader = watch.Events;
        while (true)
        {
            readable ??= reader.WaitToReadAsync(cancellationToken).AsTask();
            tick ??= timer?.WaitForNextTickAsync(cancellationToken).AsTask();
            var finished = tick is null ? readable : await Task.WhenAny(readable, tick);
            if (finished == tick)
            {
                tick = null;
                await writer.WriteBookmarkAsync(kind, sent, cancellationToken);
                continue;
            }
            readable = null;
            bool more;
            try
            {
                more = await finished;
            }
            catch (StoreException e)
            {
                // The store gave up on this watcher (it fell too far behind): tell the client to list and watch again.
                await writer.WriteErrorAsync(ApiResponses.Failure(e.Code, e.Reason, e.Message), cancellationToken);
                return;
            }
            if (!more)
            {
                return;
            }
            while (reader.TryRead(out var change))
            {
                if (filter.Translate(change) is { } type)
                {
                    await writer.WriteAsync(type, render(change.Object), cancellationToken);
                }
                sent = Math.Max(sent, change.Revision);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Watch of {Kind} in {Namespace} ended: {Reason}")]
    private static partial void LogEnded(ILogger logger, string kind, string @namespace, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropped a watch of {Kind} in {Namespace}: it was cut off for falling behind and did not read the rest of its stream within {Timeout}")]
    private static partial void LogDropped(ILogger logger, string kind, string @namespace, TimeSpan timeout);
}
