using BenchmarkDotNet.Attributes;
using Homelab.Store;

namespace Homelab.Benchmarks.Store;

/// <summary>Watch latency: from the start of a commit until a watcher running on another thread holds the event.</summary>
[MemoryDiagnoser]
public class StoreWatchBenchmarks
{
    private StoreFixture _fixture = null!;
    private IWatch _watch = null!;
    private Task _consumer = null!;
    private TaskCompletionSource<long>? _waiting;
    private int _round;

    [GlobalSetup]
    public void Setup()
    {
        _fixture = new StoreFixture(onDisk: false);
        _fixture.Seed(1);
        _watch = _fixture.Store.Watch("Service", null, _fixture.Store.Revision);
        _consumer = Task.Run(async () =>
        {
            await foreach (var change in _watch.Events.ReadAllAsync())
            {
                Volatile.Read(ref _waiting)?.TrySetResult(change.Revision);
            }
        });
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _watch.Dispose();
        _consumer.Wait(TimeSpan.FromSeconds(10));
        _fixture.Dispose();
    }

    [Benchmark]
    public async Task<long> CommitToEvent()
    {
        var waiting = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _waiting, waiting);
        var restarts = ++_round;
        _fixture.Store.Commit([Mutation.PatchStatus(StoreFixture.ServiceKey(0), s => { s["restartCount"] = restarts; return s; })]);
        return await waiting.Task;
    }
}
