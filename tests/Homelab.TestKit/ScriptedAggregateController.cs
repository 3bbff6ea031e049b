using Homelab.Operator;

namespace Homelab.TestKit;

/// <summary>An <see cref="IAggregateController"/> whose behaviour a test sets and whose calls it counts (with fake-clock times).</summary>
public sealed class ScriptedAggregateController(TimeProvider time) : IAggregateController
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<DateTimeOffset> _calls = new();

    public Func<CancellationToken, Task<ReconcileResult>> OnReconcileAll { get; set; } = _ => Task.FromResult(ReconcileResult.Success);

    public IReadOnlyList<DateTimeOffset> Calls => [.. _calls];

    public Task<ReconcileResult> ReconcileAllAsync(CancellationToken cancellationToken)
    {
        _calls.Enqueue(time.GetUtcNow());
        return OnReconcileAll(cancellationToken);
    }
}
