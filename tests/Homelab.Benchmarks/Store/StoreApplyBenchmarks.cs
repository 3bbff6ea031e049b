using BenchmarkDotNet.Attributes;
using Homelab.Store;

namespace Homelab.Benchmarks.Store;

/// <summary>
/// Write throughput through the whole commit path (admission, CAS, LiteDB transaction, snapshot swap, publish).
/// Every write changes the spec, so none is short-circuited as Unchanged. Objects/s = OperationsPerInvoke / mean.
/// Not sealed: BenchmarkDotNet derives from benchmark classes.
/// </summary>
[MemoryDiagnoser]
public class StoreApplyBenchmarks
{
    private const int Objects = 100;

    private StoreFixture _fixture = null!;
    private int _round;

    [Params(true, false)]
    public bool OnDisk { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _fixture = new StoreFixture(OnDisk);
        _fixture.Seed(Objects);
    }

    [GlobalCleanup]
    public void Cleanup() => _fixture.Dispose();

    [Benchmark(OperationsPerInvoke = Objects)]
    public void SingleObjectCommits()
    {
        var image = NextImage();
        for (var i = 0; i < Objects; i++)
        {
            _fixture.Store.Commit([Mutation.Replace(StoreFixture.ServiceKey(i), StoreFixture.Service(i, image))]);
        }
    }

    [Benchmark(OperationsPerInvoke = Objects)]
    public void OneBatchOf100()
    {
        var image = NextImage();
        var mutations = new Mutation[Objects];
        for (var i = 0; i < Objects; i++)
        {
            mutations[i] = Mutation.Replace(StoreFixture.ServiceKey(i), StoreFixture.Service(i, image));
        }
        _fixture.Store.Commit(mutations);
    }

    /// <summary>The no-op apply: everything identical, so nothing is written and no revision is used.</summary>
    [Benchmark(OperationsPerInvoke = Objects)]
    public void UnchangedBatchOf100()
    {
        var mutations = new Mutation[Objects];
        var image = CurrentImage();
        for (var i = 0; i < Objects; i++)
        {
            mutations[i] = Mutation.Replace(StoreFixture.ServiceKey(i), StoreFixture.Service(i, image));
        }
        _fixture.Store.Commit(mutations);
    }

    private string NextImage() => $"registry.local/app:1.{++_round}";

    private string CurrentImage() => _round == 0 ? "registry.local/app:1.0" : $"registry.local/app:1.{_round}";
}
