using BenchmarkDotNet.Attributes;
using Homelab.Api.Meta;

namespace Homelab.Benchmarks.Store;

/// <summary>List latency with 10,000 stored objects: served from the in-memory snapshot, never from LiteDB.</summary>
[MemoryDiagnoser]
public class StoreListBenchmarks
{
    private static readonly LabelSelector Front = new() { MatchLabels = new() { ["tier"] = "front" } };

    private StoreFixture _fixture = null!;

    [GlobalSetup]
    public void Setup()
    {
        _fixture = new StoreFixture(onDisk: false);
        _fixture.Seed(10_000);
    }

    [GlobalCleanup]
    public void Cleanup() => _fixture.Dispose();

    [Benchmark]
    public int ListAll10000() => _fixture.Store.List("Service").Items.Count;

    [Benchmark]
    public int ListBySelector() => _fixture.Store.List("Service", "default", Front).Items.Count;

    [Benchmark]
    public bool Get() => _fixture.Store.Get(StoreFixture.ServiceKey(4242)) is not null;
}
