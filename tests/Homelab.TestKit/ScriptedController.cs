using System.Collections.Concurrent;
using Homelab.Api.Resources;
using Homelab.Operator;

namespace Homelab.TestKit;

/// <summary>
/// A controller whose behaviour a test sets (<see cref="OnReconcile"/>, <see cref="OnFinalize"/>) and which records
/// every call with the fake-clock time, so tests can assert on order, generations, backoff spacing and concurrency.
/// Register it as a singleton so the test and the framework share one instance.
/// </summary>
public sealed class ScriptedController<T>(TimeProvider time) : IController<T> where T : Resource
{
    private readonly ConcurrentQueue<ControllerCall<T>> _calls = new();
    private int _running;
    private int _maxConcurrency;

    public Func<T, CancellationToken, Task<ReconcileResult>> OnReconcile { get; set; } = (_, _) => Task.FromResult(ReconcileResult.Success);

    public Func<T, CancellationToken, Task<ReconcileResult>> OnFinalize { get; set; } = (_, _) => Task.FromResult(ReconcileResult.Success);

    public IReadOnlyList<ControllerCall<T>> Calls => [.. _calls];

    public IReadOnlyList<ControllerCall<T>> Reconciles => [.. _calls.Where(c => !c.IsFinalize)];

    public IReadOnlyList<ControllerCall<T>> Finalizes => [.. _calls.Where(c => c.IsFinalize)];

    /// <summary>The most calls that were in progress at the same time.</summary>
    public int MaxConcurrency => Volatile.Read(ref _maxConcurrency);

    public Task<ReconcileResult> ReconcileAsync(T resource, CancellationToken cancellationToken) => RunAsync(resource, isFinalize: false, OnReconcile, cancellationToken);

    public Task<ReconcileResult> FinalizeAsync(T resource, CancellationToken cancellationToken) => RunAsync(resource, isFinalize: true, OnFinalize, cancellationToken);

    /// <summary>Forgets the calls recorded so far.</summary>
    public void ClearCalls() => _calls.Clear();

    private async Task<ReconcileResult> RunAsync(T resource, bool isFinalize, Func<T, CancellationToken, Task<ReconcileResult>> behaviour, CancellationToken cancellationToken)
    {
        _calls.Enqueue(new ControllerCall<T>(resource.Namespace, resource.Name, resource.Generation, isFinalize, time.GetUtcNow(), resource));
        var running = Interlocked.Increment(ref _running);
        var max = Volatile.Read(ref _maxConcurrency);
        while (running > max && Interlocked.CompareExchange(ref _maxConcurrency, running, max) != max)
        {
            max = Volatile.Read(ref _maxConcurrency);
        }
        try
        {
            return await behaviour(resource, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }
}
