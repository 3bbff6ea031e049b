using System.Text.Json.Nodes;
using System.Threading.Channels;
using Homelab.Store.Internal;

namespace Homelab.Store.Tests;

public sealed class WatchTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Theory, InlineData(false), InlineData(true)]
    public async Task Watch_resumes_from_a_revision_without_gaps_or_duplicates_while_writes_race(bool onDisk)
    {
        using var h = StoreHarness.Create(onDisk);
        for (var i = 0; i < 20; i++)
        {
            h.Store.CreateService($"svc-{i}");
        }
        var from = h.Store.Revision - 10;
        const int racing = 200;

        var writer = Task.Run(() =>
        {
            for (var i = 0; i < racing; i++)
            {
                h.Store.Apply(Mutation.PatchStatus(Manifests.ServiceKey($"svc-{i % 20}"), s => { s["restartCount"] = i; return s; }));
            }
        });
        await Task.Delay(1);
        using var watch = h.Store.Watch("Service", null, from);
        await writer;
        var last = h.Store.Revision;

        var revisions = await ReadUntil(watch, last);

        Assert.Equal(Enumerable.Range((int)from + 1, (int)(last - from)).Select(r => (long)r), revisions);
    }

    [Fact]
    public async Task Watch_from_zero_lists_the_current_state_as_added_then_follows()
    {
        using var h = StoreHarness.Create(onDisk: false);
        h.Store.CreateService("a");
        h.Store.CreateService("b");
        h.Store.Apply(Mutation.Delete(Manifests.ServiceKey("a")));

        using var watch = h.Store.Watch("Service", "default", 0);
        h.Store.CreateService("c");

        var first = await Read(watch);
        var second = await Read(watch);
        Assert.Equal((WatchEventTypes.Added, "b"), (first.Type, first.Object.Key.Name));
        Assert.Equal((WatchEventTypes.Added, "c"), (second.Type, second.Object.Key.Name));
        Assert.Equal(h.Store.Revision, second.Revision);
    }

    [Fact]
    public async Task Watch_from_a_future_revision_skips_changes_up_to_it()
    {
        using var h = StoreHarness.Create(onDisk: false);
        using var watch = h.Store.Watch(null, null, h.Store.Revision + 2);

        h.Store.CreateService("a");
        h.Store.CreateService("b");
        var c = h.Store.CreateService("c");

        var change = await Read(watch);
        Assert.Equal(c.Object.ResourceVersion, change.Revision);
        Assert.False(watch.Events.TryRead(out _));
    }

    [Fact]
    public async Task Watch_filters_by_kind_and_namespace()
    {
        using var h = StoreHarness.Create(onDisk: false);
        h.Store.CreateNamespace("media");
        using var watch = h.Store.Watch("Service", "media", h.Store.Revision);

        h.Store.CreateService("web");
        h.Store.CreateNamespace("iot");
        h.Store.CreateService("jellyfin", "media");

        var change = await Read(watch);
        Assert.Equal(Manifests.ServiceKey("jellyfin", "media"), change.Object.Key);
        Assert.False(watch.Events.TryRead(out _));
    }

    [Fact]
    public async Task Watch_reports_modified_and_deleted_with_their_revisions()
    {
        using var h = StoreHarness.Create(onDisk: false);
        var key = Manifests.ServiceKey("web");
        using var watch = h.Store.Watch(null, null, h.Store.Revision);

        var created = h.Store.CreateService("web", finalizers: ["homelab.dev/container"]);
        var deleting = h.Store.Apply(Mutation.Delete(key));
        var deleted = h.Store.Apply(Mutation.Patch(key, o => { o["metadata"]!["finalizers"] = new JsonArray(); return o; }));

        var events = new[] { await Read(watch), await Read(watch), await Read(watch) };
        Assert.Equal([WatchEventTypes.Added, WatchEventTypes.Modified, WatchEventTypes.Deleted], events.Select(e => e.Type));
        Assert.Equal([created.Object.ResourceVersion, deleting.Object.ResourceVersion, deleted.Object.ResourceVersion], events.Select(e => e.Revision));
        Assert.Equal(deleted.Object.ResourceVersion, events[2].Object.ResourceVersion);
    }

    [Theory, InlineData(false), InlineData(true)]
    public void Watch_from_a_compacted_revision_is_gone(bool onDisk)
    {
        using var h = StoreHarness.Create(onDisk, new StoreOptions { ChangelogRetention = 5 });
        for (var i = 0; i < 12; i++)
        {
            h.Store.CreateService($"svc-{i}");
        }

        var compacted = h.Store.Compact();

        Assert.Equal(h.Store.Revision - 5, compacted);
        Assert.Equal(compacted, h.Store.CompactedRevision);
        var e = Assert.Throws<StoreException>(() => h.Store.Watch(null, null, compacted - 1));
        Assert.Equal(410, e.Code);
        using var ok = h.Store.Watch(null, null, compacted);
        Assert.Equal(5, Drain(ok).Count);
        if (onDisk)
        {
            Assert.Equal(compacted, h.Reopen().CompactedRevision);
            Assert.Equal(410, Assert.Throws<StoreException>(() => h.Store.Watch(null, null, compacted - 1)).Code);
        }
    }

    [Fact]
    public void Compact_keeps_everything_within_retention()
    {
        using var h = StoreHarness.Create(onDisk: false, new StoreOptions { ChangelogRetention = 100 });
        h.Store.CreateService("web");

        Assert.Equal(0, h.Store.Compact());
        using var all = h.Store.Watch(null, null, 1);
        Assert.Equal(h.Store.Revision - 1, Drain(all).Count);
    }

    [Fact]
    public async Task A_watcher_that_falls_behind_is_cut_off_with_gone()
    {
        using var h = StoreHarness.Create(onDisk: false, new StoreOptions { WatchBufferSize = 3 });
        using var slow = h.Store.Watch(null, null, h.Store.Revision);

        for (var i = 0; i < 3; i++)
        {
            h.Store.CreateService($"svc-{i}");
        }
        // Full but not yet behind: the server must not start its drain clock.
        Assert.False(slow.CutOff.IsCancellationRequested);
        h.Store.CreateService("svc-3");
        h.Store.CreateService("svc-4");
        // Announced at once, while the three events before the 410 are still unread.
        Assert.True(slow.CutOff.IsCancellationRequested);

        var read = 0;
        var e = await Assert.ThrowsAsync<StoreException>(async () =>
        {
            await foreach (var _ in slow.Events.ReadAllAsync().WithCancellation(new CancellationTokenSource(Patience).Token))
            {
                read++;
            }
        });
        Assert.Equal(410, e.Code);
        Assert.Equal(3, read);
        h.Store.CreateService("after");
        Assert.NotNull(h.Store.Get(Manifests.ServiceKey("after")));
    }

    [Fact]
    public void A_watcher_that_leaves_while_a_change_goes_out_is_not_taken_for_one_behind()
    {
        using var h = StoreHarness.Create(onDisk: false);
        h.Store.CreateService("web");
        using var current = h.Store.Watch(null, null, 0);
        Assert.True(current.Events.TryRead(out var change));
        // The hub publishes to the list it read; a watcher disposed since then is closed but not yet dropped from it.
        var left = new WatchSubscription(null, null, 0, capacity: 1, onDispose: _ => { });
        left.Dispose();

        // False would log "Cut off a watcher that fell … behind" for a client that simply went away (seen under load).
        Assert.True(left.TryPublish(change));
    }

    [Fact]
    public async Task Disposing_the_store_completes_watchers()
    {
        var h = StoreHarness.Create(onDisk: false);
        using var watch = h.Store.Watch(null, null, h.Store.Revision);

        h.Dispose();

        await watch.Events.Completion.WaitAsync(Patience);
        Assert.True(watch.Events.Completion.IsCompletedSuccessfully);
    }

    private static async Task<WatchEvent> Read(IWatch watch)
    {
        using var cts = new CancellationTokenSource(Patience);
        return await watch.Events.ReadAsync(cts.Token);
    }

    private static async Task<List<long>> ReadUntil(IWatch watch, long revision)
    {
        var revisions = new List<long>();
        using var cts = new CancellationTokenSource(Patience);
        while (revisions.Count == 0 || revisions[^1] < revision)
        {
            revisions.Add((await watch.Events.ReadAsync(cts.Token)).Revision);
        }
        return revisions;
    }

    private static List<WatchEvent> Drain(IWatch watch)
    {
        var events = new List<WatchEvent>();
        while (watch.Events.TryRead(out var e))
        {
            events.Add(e);
        }
        return events;
    }
}
