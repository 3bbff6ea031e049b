using System.Globalization;
using Homelab.Api.Resources;
using Homelab.Cli.Client;

namespace Homelab.Cli.Tests.Reliability.Load;

/// <summary>One watch of the load namespace's Services from a revision, reading as fast as it can and keeping each event's revision.</summary>
internal sealed class EventRecorder
{
    private readonly List<long> _revisions = [];
    private long _last;

    public EventRecorder(string socket, long from, CancellationToken stop) => _ = RunAsync(socket, from, stop);

    /// <summary>The revisions in the order they came; read once the watch has caught up.</summary>
    public IReadOnlyList<long> Revisions
    {
        get
        {
            lock (_revisions)
            {
                return [.. _revisions];
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
                var revision = long.Parse(change.Object["metadata"]!["resourceVersion"]!.GetValue<string>(), CultureInfo.InvariantCulture);
                lock (_revisions)
                {
                    _revisions.Add(revision);
                }
                Interlocked.Exchange(ref _last, revision);
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
