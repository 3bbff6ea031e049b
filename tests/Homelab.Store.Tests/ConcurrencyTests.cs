using System.Text.Json.Nodes;

namespace Homelab.Store.Tests;

public sealed class ConcurrencyTests
{
    [Theory, InlineData(false), InlineData(true)]
    public async Task Concurrent_patches_lose_no_update(bool onDisk)
    {
        using var h = StoreHarness.Create(onDisk);
        var key = Manifests.ServiceKey("web");
        h.Store.CreateService("web");
        const int writers = 4;
        const int increments = 50;

        await Task.WhenAll(Enumerable.Range(0, writers).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < increments; i++)
            {
                h.Store.Apply(Mutation.Patch(key, o =>
                {
                    var metadata = o["metadata"]!.AsObject();
                    var count = metadata["annotations"]?["count"] is { } c ? int.Parse(c.GetValue<string>()) : 0;
                    metadata["annotations"] = new JsonObject { ["count"] = (count + 1).ToString() };
                    return o;
                }));
            }
        })));

        var stored = h.Store.Get(key)!;
        Assert.Equal((writers * increments).ToString(), stored.ToNode()["metadata"]!["annotations"]!["count"]!.GetValue<string>());
        Assert.Equal(stored.ResourceVersion, h.Store.Revision);
    }

    [Fact]
    public async Task Readers_see_whole_batches_only()
    {
        using var h = StoreHarness.Create(onDisk: false);
        using var stop = new CancellationTokenSource();
        var torn = 0;
        var reader = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                // Every batch writes a pair; a reader must never see an odd number of them.
                if (h.Store.List("Service").Items.Count % 2 != 0)
                {
                    Interlocked.Increment(ref torn);
                }
            }
        });

        for (var i = 0; i < 100; i++)
        {
            h.Store.Commit([Mutation.Create(Manifests.ServiceKey($"a-{i}"), Manifests.Service($"a-{i}")), Mutation.Create(Manifests.ServiceKey($"b-{i}"), Manifests.Service($"b-{i}"))]);
        }
        await stop.CancelAsync();
        await reader;

        Assert.Equal(0, torn);
        Assert.Equal(200, h.Store.List("Service").Items.Count);
    }
}
