using System.Globalization;
using Homelab.Api.Resources;
using Homelab.Cli.Client;

namespace Homelab.Cli.Tests.Reliability.Load;

/// <summary>One watch of the load namespace's Services from a revision, reading as fast as it can and keeping what each event says.</summary>
internal sealed class EventRecorder
{
    private readonly List<WatchedChange> _changes = [];
    private long _last;

    public EventRecorder(string socket, long from, CancellationToken stop) => _ = RunAsync(socket, from, stop);

    /// <summary>The changes in the order they came; read once the watch has caught up.</summary>
    public IReadOnlyList<WatchedChange> Changes
    {
        get
        {
            lock (_changes)
            {
                return [.. _changes];
            }
        }
    }

    public long Last => Interlocked.Read(ref _last);

    /// <summary>Why the watch ended before it was stopped, if it did.</summary>
    public Exception? Failure { get; private set; }

    private async Task RunAsync(string socket, long from, CancellationToken stop)
    {
        using var client = new HomelabClient(socket);
        try
        {
            await foreach (var change in client.WatchAsync(ResourceKinds.Service, "load", from.ToString(CultureInfo.InvariantCulture), null, stop))
            {
                var seen = WatchedChange.Of(change.Type, change.Object);
                lock (_changes)
                {
                    _changes.Add(seen);
                }
                Interlocked.Exchange(ref _last, seen.Revision);
            }
            Failure = new InvalidOperationException("the server ended the watch");
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The test is over.
        }
        catch (Exception e)
        {
            Failure = e;
        }
    }
}
