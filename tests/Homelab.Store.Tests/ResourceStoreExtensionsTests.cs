namespace Homelab.Store.Tests;

public sealed class ResourceStoreExtensionsTests
{
    [Fact]
    public void Adding_a_finalizer_twice_writes_once()
    {
        using var h = StoreHarness.Create(onDisk: false);
        var key = Manifests.ServiceKey("web");
        var created = h.Store.CreateService("web");

        var first = h.Store.AddFinalizer(key, "homelab.dev/container");
        var second = h.Store.AddFinalizer(key, "homelab.dev/container");

        Assert.Equal(WriteOutcome.Updated, first.Outcome);
        Assert.Equal(WriteOutcome.Unchanged, second.Outcome);
        Assert.Equal(created.Object.ResourceVersion + 1, h.Store.Revision);
        Assert.Equal("homelab.dev/container", h.Store.Get(key)!.ToNode()["metadata"]!["finalizers"]![0]!.GetValue<string>());
    }

    [Fact]
    public void A_deleting_object_takes_no_new_finalizer()
    {
        using var h = StoreHarness.Create(onDisk: false);
        var key = Manifests.ServiceKey("web");
        h.Store.CreateService("web", finalizers: ["homelab.dev/container"]);
        h.Store.Apply(Mutation.Delete(key));

        var added = h.Store.AddFinalizer(key, "homelab.dev/network");

        Assert.Equal(WriteOutcome.Unchanged, added.Outcome);
        var finalizers = h.Store.Get(key)!.ToNode()["metadata"]!["finalizers"]!.AsArray();
        Assert.Equal(["homelab.dev/container"], finalizers.Select(f => f!.GetValue<string>()));
    }

    [Fact]
    public void Removing_the_last_finalizer_of_a_deleting_object_deletes_it()
    {
        using var h = StoreHarness.Create(onDisk: false);
        var key = Manifests.ServiceKey("web");
        h.Store.CreateService("web", finalizers: ["homelab.dev/container", "homelab.dev/network"]);
        h.Store.Apply(Mutation.Delete(key));

        var first = h.Store.RemoveFinalizer(key, "homelab.dev/container");
        var last = h.Store.RemoveFinalizer(key, "homelab.dev/network");

        Assert.Equal(WriteOutcome.Updated, first.Outcome);
        Assert.Equal(WriteOutcome.Deleted, last.Outcome);
        Assert.Null(h.Store.Get(key));
    }

    [Fact]
    public void Finalizer_helpers_on_a_missing_object_are_not_found()
    {
        using var h = StoreHarness.Create(onDisk: false);

        Assert.Equal(404, Assert.Throws<StoreException>(() => h.Store.AddFinalizer(Manifests.ServiceKey("ghost"), "x.dev/y")).Code);
    }
}
