namespace Homelab.Store.Tests;

public sealed class EventTests
{
    private static readonly ObjectKey Web = Manifests.ServiceKey("web");

    [Theory, InlineData(false), InlineData(true)]
    public void Repeated_events_are_folded_into_count_and_last_seen(bool onDisk)
    {
        using var h = StoreHarness.Create(onDisk);
        var first = h.Time.GetUtcNow();
        h.Store.RecordEvent(Web, "Warning", "PullFailed", "image not found", "service-controller");
        h.Time.Advance(TimeSpan.FromSeconds(30));
        h.Store.RecordEvent(Web, "Warning", "PullFailed", "image not found", "service-controller");
        h.Store.RecordEvent(Web, "Warning", "PullFailed", "registry unreachable", "service-controller");

        var events = (onDisk ? h.Reopen() : h.Store).ListEvents("default", Web);

        Assert.Equal(2, events.Count);
        var folded = events.Single(e => e.Message == "image not found");
        Assert.Equal(2, folded.Count);
        Assert.Equal(first, folded.FirstSeen);
        Assert.Equal(first.AddSeconds(30), folded.LastSeen);
    }

    [Fact]
    public void Events_are_listed_oldest_first_and_filtered()
    {
        using var h = StoreHarness.Create(onDisk: false);
        var other = Manifests.ServiceKey("db");
        h.Store.RecordEvent(Web, "Normal", "Created", "created container", "service-controller");
        h.Time.Advance(TimeSpan.FromSeconds(1));
        h.Store.RecordEvent(other, "Normal", "Created", "created container", "service-controller");
        h.Time.Advance(TimeSpan.FromSeconds(1));
        h.Store.RecordEvent(Web, "Normal", "Started", "started container", "service-controller");
        h.Time.Advance(TimeSpan.FromSeconds(1));
        h.Store.RecordEvent(new ObjectKey("Service", "media", "web"), "Normal", "Created", "created container", "service-controller");

        Assert.Equal(["Created", "Started"], h.Store.ListEvents("default", Web).Select(e => e.Reason));
        Assert.Equal(3, h.Store.ListEvents("default").Count);
        Assert.Equal(4, h.Store.ListEvents(null).Count);
    }

    [Theory, InlineData(false), InlineData(true)]
    public void Only_the_most_recently_seen_events_are_kept(bool onDisk)
    {
        using var h = StoreHarness.Create(onDisk, new StoreOptions { EventRetention = 3 });
        for (var i = 0; i < 5; i++)
        {
            h.Store.RecordEvent(Web, "Normal", "Tick", $"tick {i}", "test");
            h.Time.Advance(TimeSpan.FromSeconds(1));
        }
        h.Store.RecordEvent(Web, "Normal", "Tick", "tick 2", "test");
        h.Store.RecordEvent(Web, "Normal", "Tick", "tick 5", "test");

        var events = (onDisk ? h.Reopen() : h.Store).ListEvents(null);

        Assert.Equal(["tick 4", "tick 2", "tick 5"], events.Select(e => e.Message));
    }

    [Fact]
    public void Recording_an_event_for_a_missing_object_is_fine()
    {
        using var h = StoreHarness.Create(onDisk: false);

        h.Store.RecordEvent(Manifests.ServiceKey("ghost"), "Warning", "Orphan", "no such service", "test");

        Assert.Single(h.Store.ListEvents("default"));
    }

    [Theory, InlineData(false), InlineData(true)]
    public void A_same_named_object_made_again_neither_folds_into_nor_shows_the_events_of_the_one_before(bool onDisk)
    {
        using var h = StoreHarness.Create(onDisk);
        h.Store.CreateService("web");
        h.Store.RecordEvent(Web, "Warning", "StartFailed", "container exited right after it started", "service-controller");
        h.Store.Apply(Mutation.Delete(Web, force: true));
        h.Store.CreateService("web");
        h.Store.RecordEvent(Web, "Warning", "StartFailed", "container exited right after it started", "service-controller");

        var store = onDisk ? h.Reopen() : h.Store;

        var mine = Assert.Single(store.ListEvents("default", Web));
        Assert.Equal(1, mine.Count);
        Assert.Equal(store.Get(Web)!.ToResource().Metadata.Uid, mine.InvolvedUid);
        // Both are still in the namespace's list, as kubectl get events shows them.
        Assert.Equal(2, store.ListEvents("default").Count);
    }
}
