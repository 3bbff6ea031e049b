namespace Homelab.Operator.Metrics;

/// <summary>What a work queue reports when the gauges are read (at scrape time, not on every change).</summary>
internal interface IWorkQueueGauges
{
    /// <summary>Keys waiting to be handed out.</summary>
    int Depth { get; }

    /// <summary>The summed time of every key being processed now.</summary>
    TimeSpan UnfinishedWork { get; }

    /// <summary>How long the key processed longest has been processed.</summary>
    TimeSpan LongestRunning { get; }
}
