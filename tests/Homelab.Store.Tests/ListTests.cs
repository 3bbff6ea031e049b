using Homelab.Api.Meta;

namespace Homelab.Store.Tests;

public sealed class ListTests
{
    [Fact]
    public void List_is_sorted_by_namespace_then_name_and_filtered()
    {
        using var h = StoreHarness.Create(onDisk: false);
        h.Store.CreateNamespace("a-b");
        h.Store.CreateNamespace("a");
        h.Store.CreateService("z", "a");
        h.Store.CreateService("y", "a-b");
        h.Store.CreateService("x", "a", labels: new() { ["tier"] = "front" });

        var all = h.Store.List("Service");
        var inA = h.Store.List("Service", "a");
        var front = h.Store.List("Service", null, new LabelSelector { MatchLabels = new() { ["tier"] = "front" } });

        Assert.Equal(["a/x", "a/z", "a-b/y"], all.Items.Select(o => $"{o.Key.Namespace}/{o.Key.Name}"));
        Assert.Equal(h.Store.Revision, all.Revision);
        Assert.Equal(["x", "z"], inA.Items.Select(o => o.Key.Name));
        Assert.Equal(["x"], front.Items.Select(o => o.Key.Name));
        Assert.Empty(h.Store.List("UpdatePolicy").Items);
    }

    [Fact]
    public void Namespaces_are_cluster_scoped()
    {
        using var h = StoreHarness.Create(onDisk: false);
        h.Store.CreateNamespace("media");

        var names = h.Store.List("Namespace").Items.Select(o => o.Key);

        Assert.Equal([Manifests.NamespaceKey("default"), Manifests.NamespaceKey("media")], names);
    }

    [Fact]
    public void Readers_keep_their_snapshot_while_a_write_lands()
    {
        using var h = StoreHarness.Create(onDisk: false);
        h.Store.CreateService("a");
        var before = h.Store.List("Service");

        h.Store.CreateService("b");

        Assert.Single(before.Items);
        Assert.Equal(2, h.Store.List("Service").Items.Count);
    }
}
