using Homelab.Operator;

namespace Homelab.TestKit;

/// <summary>An <see cref="IAggregateController"/> whose behaviour a test sets and whose calls it counts (with fake-clock times).</summary>
public sealed class ScriptedAggregateController(TimeProvider time) : IAggregateController
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<DateTimeOffset> _calls = new();

    private readonly System.Collections.Concurrent.ConcurrentQueue<bool> _resyncs = new();

    public Func<CancellationToken, Task<ReconcileResult>> OnReconcileAll { get; set; } = _ => Task.FromResult(ReconcileResult.Success);

    public IReadOnlyList<DateTimeOffset> Calls => [.. _calls];

    /// <summary>The resync flag of each call, in order.</summary>
    public IReadOnlyList<bool> Resyncs => [.. _resyncs];

    public Task<ReconcileResult> ReconcileAllAsync(bool resync, CancellationToken cancellationToken)
    {
        _calls.Enqueue(time.GetUtcNow());
        _resyncs.Enqueue(resync);
        return OnReconcileAll(cancellationToken);
    }
}
