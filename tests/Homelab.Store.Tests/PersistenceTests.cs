using System.Text.Json.Nodes;

namespace Homelab.Store.Tests;

public sealed class PersistenceTests
{
    [Fact]
    public void Reopening_keeps_objects_revision_and_resource_versions()
    {
        using var h = StoreHarness.Create(onDisk: true);
        h.Store.CreateNamespace("media");
        var web = h.Store.CreateService("web", labels: new() { ["app"] = "web" });
        h.Store.Apply(Mutation.ReplaceStatus(web.Object.Key, new JsonObject { ["ip"] = "10.88.0.5" }));
        h.Store.CreateService("gone");
        h.Store.Apply(Mutation.Delete(Manifests.ServiceKey("gone")));
        var revision = h.Store.Revision;
        var before = h.Store.Get(web.Object.Key)!;

        var store = h.Reopen();

        Assert.Equal(revision, store.Revision);
        var after = store.Get(web.Object.Key)!;
        Assert.Equal(before.ResourceVersion, after.ResourceVersion);
        Assert.Equal(before.Json, after.Json);
        Assert.Equal("web", after.Labels["app"]);
        Assert.Null(store.Get(Manifests.ServiceKey("gone")));
        Assert.NotNull(store.Get(Manifests.NamespaceKey("media")));
        Assert.Equal(revision + 1, store.CreateService("next").Object.ResourceVersion);
    }

    [Fact]
    public void Strings_are_stored_verbatim()
    {
        using var h = StoreHarness.Create(onDisk: true);
        var input = Manifests.Service("web");
        input["metadata"]!["annotations"] = new JsonObject { ["empty"] = "", ["padded"] = "  two spaces  " };
        h.Store.Apply(Mutation.Create(Manifests.ServiceKey("web"), input));

        var annotations = h.Reopen().Get(Manifests.ServiceKey("web"))!.ToNode()["metadata"]!["annotations"]!;

        Assert.Equal("", annotations["empty"]!.GetValue<string>());
        Assert.Equal("  two spaces  ", annotations["padded"]!.GetValue<string>());
    }

    [Fact]
    public void A_damaged_data_file_is_refused_naming_the_store_and_the_lock_is_released()
    {
        using var h = StoreHarness.Create(onDisk: true);
        h.Store.CreateService("web");
        h.Store.Dispose();
        var file = Path.Combine(h.Options.DataDir, LiteDbResourceStore.DatabaseFileName);
        using (var stream = new FileStream(file, FileMode.Open))
        {
            stream.Write(new byte[8192].Select(_ => (byte)0x5a).ToArray());
        }

        var e = Assert.Throws<IOException>(h.Open);

        Assert.Contains($"the store {file} cannot be opened", e.Message, StringComparison.Ordinal);
        Assert.Contains("restore", e.Message, StringComparison.Ordinal);
        Assert.IsNotType<StoreLockedException>(Assert.Throws<IOException>(h.Open));
    }

    [Fact]
    public void A_second_open_of_the_same_data_dir_fails_with_a_clear_message()
    {
        using var h = StoreHarness.Create(onDisk: true);

        var e = Assert.Throws<StoreLockedException>(h.Open);

        var dir = Path.GetFullPath(h.Options.DataDir);
        Assert.Equal($"another homelabd is already using data dir {dir} ({Path.Combine(dir, "homelab.lock")} is locked)", e.Message);
        Assert.NotNull(h.Store.CreateService("still-works"));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void The_data_dir_is_created_private()
    {
        using var h = StoreHarness.Create(onDisk: true);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(h.Options.DataDir));
        Assert.True(File.Exists(Path.Combine(h.Options.DataDir, LiteDbResourceStore.DatabaseFileName)));
    }

    [Fact]
    public void The_default_namespace_is_created_once()
    {
        using var h = StoreHarness.Create(onDisk: true);
        var revision = h.Store.Revision;
        var uid = h.Store.Get(Manifests.NamespaceKey("default"))!.ToNode()["metadata"]!["uid"]!.GetValue<string>();

        var store = h.Reopen();

        Assert.Equal(1, revision);
        Assert.Equal(revision, store.Revision);
        Assert.Equal(uid, store.Get(Manifests.NamespaceKey("default"))!.ToNode()["metadata"]!["uid"]!.GetValue<string>());
    }

    [Fact]
    public void The_write_ahead_log_is_copied_into_the_data_file_every_few_pages_so_it_never_grows_large()
    {
        using var h = StoreHarness.Create(onDisk: true, new StoreOptions { CheckpointPages = 10 });
        var web = h.Store.CreateService("web");

        for (var i = 0; i < 300; i++)
        {
            h.Store.Apply(Mutation.ReplaceStatus(web.Object.Key, new JsonObject { ["restartCount"] = i }));
        }

        // LiteDB holds every log page in memory until a checkpoint; 300 commits would be over 300 pages without one.
        var log = new FileInfo(Path.Combine(h.Options.DataDir, "homelab-log.db"));
        Assert.True(!log.Exists || log.Length <= 20 * 8192, $"the log is {log.Length} bytes");
        Assert.Equal(299, h.Reopen().Get(web.Object.Key)!.ToNode()["status"]!["restartCount"]!.GetValue<int>());
    }
}
