using System.Text.Json.Nodes;
using Homelab.Api;

namespace Homelab.Store.Tests;

public sealed class CommitTests
{
    [Theory, InlineData(false), InlineData(true)]
    public void Create_sets_server_owned_metadata(bool onDisk)
    {
        using var h = StoreHarness.Create(onDisk);
        var input = Manifests.Service("web");
        input["metadata"]!["uid"] = "forged";
        input["metadata"]!["generation"] = 42;
        input["status"] = new JsonObject { ["ip"] = "10.0.0.9" };

        var result = h.Store.Apply(Mutation.Create(Manifests.ServiceKey("web"), input));

        var metadata = result.Object.ToNode()["metadata"]!;
        Assert.Equal(WriteOutcome.Created, result.Outcome);
        Assert.NotEqual("forged", metadata["uid"]!.GetValue<string>());
        Assert.True(Guid.TryParse(metadata["uid"]!.GetValue<string>(), out _));
        Assert.Equal(1, result.Object.Generation());
        Assert.Equal(h.Store.Revision.ToString(), metadata["resourceVersion"]!.GetValue<string>());
        Assert.Equal(h.Store.Revision, result.Object.ResourceVersion);
        Assert.Equal(h.Time.GetUtcNow(), metadata["creationTimestamp"]!.GetValue<DateTimeOffset>());
        Assert.Null(result.Object.ToNode()["status"]);
    }

    [Fact]
    public void Create_of_an_existing_object_is_already_exists()
    {
        using var h = StoreHarness.Create(onDisk: false);
        h.Store.CreateService("web");

        var e = Assert.Throws<StoreException>(() => h.Store.CreateService("web"));

        Assert.Equal(409, e.Code);
        Assert.Equal("AlreadyExists", e.Reason);
    }

    [Theory, InlineData(false), InlineData(true)]
    public void Replace_with_stale_version_is_a_conflict(bool onDisk)
    {
        using var h = StoreHarness.Create(onDisk);
        var created = h.Store.CreateService("web");
        h.Store.Apply(Mutation.Replace(created.Object.Key, Manifests.Service("web", image: "registry.local/web:2.0"), created.Object.ResourceVersion));

        var e = Assert.Throws<StoreException>(() =>
            h.Store.Apply(Mutation.Replace(created.Object.Key, Manifests.Service("web", image: "registry.local/web:3.0"), created.Object.ResourceVersion)));

        Assert.Equal(409, e.Code);
        Assert.Equal("Conflict", e.Reason);
        Assert.Equal("registry.local/web:2.0", h.Store.Get(created.Object.Key)!.Image());
    }

    [Fact]
    public void Delete_with_stale_version_is_a_conflict()
    {
        using var h = StoreHarness.Create(onDisk: false);
        var created = h.Store.CreateService("web");
        h.Store.Apply(Mutation.Replace(created.Object.Key, Manifests.Service("web", image: "registry.local/web:2.0")));

        var e = Assert.Throws<StoreException>(() => h.Store.Apply(Mutation.Delete(created.Object.Key, created.Object.ResourceVersion)));

        Assert.Equal(409, e.Code);
        Assert.NotNull(h.Store.Get(created.Object.Key));
    }

    [Fact]
    public void Replace_of_a_missing_object_is_not_found()
    {
        using var h = StoreHarness.Create(onDisk: false);

        var e = Assert.Throws<StoreException>(() => h.Store.Apply(Mutation.Replace(Manifests.ServiceKey("ghost"), Manifests.Service("ghost"))));

        Assert.Equal(404, e.Code);
        Assert.Equal("services.homelab.dev \"ghost\" not found", e.Message);
    }

    [Theory, InlineData(false), InlineData(true)]
    public void Generation_moves_only_when_the_spec_changes(bool onDisk)
    {
        using var h = StoreHarness.Create(onDisk);
        var key = Manifests.ServiceKey("web");
        h.Store.CreateService("web");

        var relabeled = h.Store.Apply(Mutation.Replace(key, Manifests.Service("web", labels: new() { ["tier"] = "front" })));
        var respecced = h.Store.Apply(Mutation.Replace(key, Manifests.Service("web", image: "registry.local/web:2.0", labels: new() { ["tier"] = "front" })));

        Assert.Equal(WriteOutcome.Updated, relabeled.Outcome);
        Assert.Equal(1, relabeled.Object.Generation());
        Assert.Equal(WriteOutcome.Updated, respecced.Outcome);
        Assert.Equal(2, respecced.Object.Generation());
        Assert.True(respecced.Object.ResourceVersion > relabeled.Object.ResourceVersion);
    }

    [Theory, InlineData(false), InlineData(true)]
    public void Status_write_keeps_generation_and_spec(bool onDisk)
    {
        using var h = StoreHarness.Create(onDisk);
        var created = h.Store.CreateService("web");

        var result = h.Store.Apply(Mutation.ReplaceStatus(created.Object.Key, new JsonObject { ["ip"] = "10.88.0.5", ["observedGeneration"] = 1 }));

        Assert.Equal(WriteOutcome.Updated, result.Outcome);
        Assert.Equal(1, result.Object.Generation());
        Assert.Equal("10.88.0.5", result.Object.ToNode()["status"]!["ip"]!.GetValue<string>());
        Assert.Equal("registry.local/web:1.0", result.Object.Image());
        Assert.Equal(created.Object.ResourceVersion + 1, result.Object.ResourceVersion);
    }

    [Fact]
    public void Replace_keeps_the_status_written_by_the_controller()
    {
        using var h = StoreHarness.Create(onDisk: false);
        var key = Manifests.ServiceKey("web");
        h.Store.CreateService("web");
        h.Store.Apply(Mutation.ReplaceStatus(key, new JsonObject { ["ip"] = "10.88.0.5" }));

        var input = Manifests.Service("web", image: "registry.local/web:2.0");
        input["status"] = new JsonObject { ["ip"] = "6.6.6.6" };
        var result = h.Store.Apply(Mutation.Replace(key, input));

        Assert.Equal("10.88.0.5", result.Object.ToNode()["status"]!["ip"]!.GetValue<string>());
    }

    [Fact]
    public void Patch_status_transforms_the_current_status()
    {
        using var h = StoreHarness.Create(onDisk: false);
        var key = Manifests.ServiceKey("web");
        h.Store.CreateService("web");

        h.Store.Apply(Mutation.PatchStatus(key, s => { s["restartCount"] = 1; return s; }));
        var result = h.Store.Apply(Mutation.PatchStatus(key, s => { s["restartCount"] = s["restartCount"]!.GetValue<int>() + 1; return s; }));

        Assert.Equal(2, result.Object.ToNode()["status"]!["restartCount"]!.GetValue<int>());
        Assert.Equal(1, result.Object.Generation());
    }

    [Fact]
    public void Status_with_an_unknown_field_is_invalid()
    {
        using var h = StoreHarness.Create(onDisk: false);
        var key = Manifests.ServiceKey("web");
        h.Store.CreateService("web");

        var e = Assert.Throws<StoreException>(() => h.Store.Apply(Mutation.ReplaceStatus(key, new JsonObject { ["bogus"] = 1 })));

        Assert.Equal(422, e.Code);
        Assert.Contains(e.Causes!, c => c.Field == "status.bogus");
    }

    [Theory, InlineData(false), InlineData(true)]
    public void Identical_replace_is_unchanged_and_uses_no_revision(bool onDisk)
    {
        using var h = StoreHarness.Create(onDisk);
        var created = h.Store.CreateService("web", labels: new() { ["app"] = "web" });
        h.Store.Apply(Mutation.ReplaceStatus(created.Object.Key, new JsonObject { ["ip"] = "10.88.0.5" }));
        var revision = h.Store.Revision;
        var before = h.Store.Get(created.Object.Key)!;

        var result = h.Store.Apply(Mutation.Replace(created.Object.Key, Manifests.Service("web", labels: new() { ["app"] = "web" })));

        Assert.Equal(WriteOutcome.Unchanged, result.Outcome);
        Assert.Equal(revision, h.Store.Revision);
        Assert.Same(before, h.Store.Get(created.Object.Key));
        Assert.Equal(before.ResourceVersion, result.Object.ResourceVersion);
    }

    [Fact]
    public void Identical_status_write_is_unchanged()
    {
        using var h = StoreHarness.Create(onDisk: false);
        var key = Manifests.ServiceKey("web");
        h.Store.CreateService("web");
        h.Store.Apply(Mutation.ReplaceStatus(key, new JsonObject { ["ip"] = "10.88.0.5" }));
        var revision = h.Store.Revision;

        var result = h.Store.Apply(Mutation.ReplaceStatus(key, new JsonObject { ["ip"] = "10.88.0.5" }));

        Assert.Equal(WriteOutcome.Unchanged, result.Outcome);
        Assert.Equal(revision, h.Store.Revision);
    }

    [Fact]
    public void Patch_transforms_metadata_and_spec_without_a_version()
    {
        using var h = StoreHarness.Create(onDisk: false);
        var key = Manifests.ServiceKey("web");
        h.Store.CreateService("web");
        h.Store.Apply(Mutation.ReplaceStatus(key, new JsonObject { ["ip"] = "10.88.0.5" }));

        var result = h.Store.Apply(Mutation.Patch(key, o =>
        {
            o["metadata"]!["finalizers"] = new JsonArray("homelab.dev/container");
            o["spec"]!["image"] = "registry.local/web:2.0";
            o["status"] = new JsonObject();
            return o;
        }));

        var node = result.Object.ToNode();
        Assert.Equal("homelab.dev/container", node["metadata"]!["finalizers"]![0]!.GetValue<string>());
        Assert.Equal("registry.local/web:2.0", result.Object.Image());
        Assert.Equal("10.88.0.5", node["status"]!["ip"]!.GetValue<string>());
        Assert.Equal(2, result.Object.Generation());
    }

    [Theory, InlineData(false), InlineData(true)]
    public void Delete_with_finalizers_waits_until_they_are_removed(bool onDisk)
    {
        using var h = StoreHarness.Create(onDisk);
        var key = Manifests.ServiceKey("web");
        h.Store.CreateService("web", finalizers: ["homelab.dev/container"]);
        h.Time.Advance(TimeSpan.FromMinutes(1));

        var started = h.Store.Apply(Mutation.Delete(key));
        var again = h.Store.Apply(Mutation.Delete(key));
        var revisionAfterStart = h.Store.Revision;
        var finished = h.Store.Apply(Mutation.Patch(key, o => { o["metadata"]!.AsObject().Remove("finalizers"); return o; }));

        Assert.Equal(WriteOutcome.DeletionStarted, started.Outcome);
        Assert.Equal(h.Time.GetUtcNow(), started.Object.ToNode()["metadata"]!["deletionTimestamp"]!.GetValue<DateTimeOffset>());
        Assert.Equal(WriteOutcome.DeletionStarted, again.Outcome);
        Assert.Equal(started.Object.ResourceVersion, revisionAfterStart);
        Assert.Equal(WriteOutcome.Deleted, finished.Outcome);
        Assert.Equal(revisionAfterStart + 1, finished.Object.ResourceVersion);
        Assert.Null(h.Store.Get(key));
    }

    [Fact]
    public void Delete_without_finalizers_removes_at_once()
    {
        using var h = StoreHarness.Create(onDisk: false);
        var key = Manifests.ServiceKey("web");
        h.Store.CreateService("web");

        var result = h.Store.Apply(Mutation.Delete(key));

        Assert.Equal(WriteOutcome.Deleted, result.Outcome);
        Assert.Equal(h.Store.Revision, result.Object.ResourceVersion);
        Assert.Null(h.Store.Get(key));
        Assert.Empty(h.Store.List("Service").Items);
    }

    [Theory, InlineData(false), InlineData(true)]
    public void A_failing_mutation_leaves_the_whole_batch_unwritten(bool onDisk)
    {
        using var h = StoreHarness.Create(onDisk);
        h.Store.CreateService("db");
        var revision = h.Store.Revision;
        using var watch = h.Store.Watch(null, null, revision);

        var e = Assert.Throws<StoreException>(() => h.Store.Commit(
        [
            Mutation.Create(Manifests.ServiceKey("web"), Manifests.Service("web")),
            Mutation.Replace(Manifests.ServiceKey("db"), Manifests.Service("db", image: "registry.local/db:2.0")),
            Mutation.Create(Manifests.ServiceKey("db"), Manifests.Service("db")),
        ]));

        Assert.Equal(409, e.Code);
        Assert.Equal(revision, h.Store.Revision);
        Assert.Null(h.Store.Get(Manifests.ServiceKey("web")));
        Assert.Equal("registry.local/web:1.0", h.Store.Get(Manifests.ServiceKey("db"))!.Image());
        Assert.False(watch.Events.TryRead(out _));
        if (onDisk)
        {
            var reopened = h.Reopen();
            Assert.Equal(revision, reopened.Revision);
            Assert.Null(reopened.Get(Manifests.ServiceKey("web")));
            Assert.Equal("registry.local/web:1.0", reopened.Get(Manifests.ServiceKey("db"))!.Image());
        }
        using var replay = h.Store.Watch(null, null, revision);
        Assert.False(replay.Events.TryRead(out _));
    }

    [Theory, InlineData(false), InlineData(true)]
    public void A_write_that_fails_inside_LiteDB_rolls_back_the_transaction(bool onDisk)
    {
        using var h = StoreHarness.Create(onDisk, new StoreOptions { MaxObjectBytes = 64 * 1024 * 1024 }, new OversizedAdmission());
        var revision = h.Store.Revision;

        var e = Assert.ThrowsAny<Exception>(() => h.Store.Commit(
        [
            Mutation.Create(Manifests.ServiceKey("small"), Manifests.Service("small")),
            Mutation.Create(Manifests.ServiceKey("huge"), Manifests.Service("huge")),
        ]));

        Assert.Contains("Document size", e.Message);
        Assert.Equal(revision, h.Store.Revision);
        Assert.Null(h.Store.Get(Manifests.ServiceKey("small")));
        var next = h.Store.CreateService("next");
        Assert.Equal(revision + 1, next.Object.ResourceVersion);
        var store = onDisk ? h.Reopen() : h.Store;
        Assert.Null(store.Get(Manifests.ServiceKey("small")));
        Assert.NotNull(store.Get(Manifests.ServiceKey("next")));
        using var watch = store.Watch(null, null, revision);
        Assert.True(watch.Events.TryRead(out var only));
        Assert.Equal(Manifests.ServiceKey("next"), only.Object.Key);
        Assert.False(watch.Events.TryRead(out _));
    }

    [Fact]
    public void An_object_over_the_size_limit_is_refused()
    {
        using var h = StoreHarness.Create(onDisk: false, admission: new OversizedAdmission());

        var e = Assert.Throws<StoreException>(() => h.Store.CreateService("huge"));

        Assert.Equal(413, e.Code);
        Assert.Null(h.Store.Get(Manifests.ServiceKey("huge")));
    }

    [Fact]
    public void A_throwing_patch_transform_rolls_back_the_batch()
    {
        using var h = StoreHarness.Create(onDisk: false);
        var revision = h.Store.Revision;

        Assert.Throws<InvalidOperationException>(() => h.Store.Commit(
        [
            Mutation.Create(Manifests.ServiceKey("web"), Manifests.Service("web")),
            Mutation.Patch(Manifests.ServiceKey("web"), _ => throw new InvalidOperationException("boom")),
        ]));

        Assert.Equal(revision, h.Store.Revision);
        Assert.Null(h.Store.Get(Manifests.ServiceKey("web")));
    }

    [Theory, InlineData(false), InlineData(true)]
    public void Dry_run_returns_results_and_writes_nothing(bool onDisk)
    {
        using var h = StoreHarness.Create(onDisk);
        var revision = h.Store.Revision;
        using var watch = h.Store.Watch(null, null, revision);

        var results = h.Store.Commit(
        [
            Mutation.Create(Manifests.NamespaceKey("media"), Manifests.Namespace("media")),
            Mutation.Create(Manifests.ServiceKey("jellyfin", "media"), Manifests.Service("jellyfin", "media")),
        ], dryRun: true);

        Assert.Equal([WriteOutcome.Created, WriteOutcome.Created], results.Select(r => r.Outcome));
        // Nothing was written, so nothing has a resourceVersion yet (as the apiserver answers a dry-run create).
        Assert.Null(results[1].Object.ToNode()["metadata"]!["resourceVersion"]);
        Assert.Equal(revision, h.Store.Revision);
        Assert.Null(h.Store.Get(Manifests.NamespaceKey("media")));
        Assert.False(watch.Events.TryRead(out _));
        var real = h.Store.CreateNamespace("media");
        Assert.Equal(revision + 1, real.Object.ResourceVersion);
        if (onDisk)
        {
            Assert.Null(h.Reopen().Get(Manifests.ServiceKey("jellyfin", "media")));
        }
    }

    [Fact]
    public void Dry_run_of_a_spec_change_keeps_the_stored_resource_version_and_generation()
    {
        using var h = StoreHarness.Create(onDisk: false);
        var created = h.Store.CreateService("web");

        var result = h.Store.Commit([Mutation.Replace(created.Object.Key, Manifests.Service("web", image: "registry.local/web:2.0"))], dryRun: true)[0];

        var metadata = result.Object.ToNode()["metadata"]!;
        Assert.Equal("registry.local/web:2.0", result.Object.ToNode()["spec"]!["image"]!.GetValue<string>());
        Assert.Equal(created.Object.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), metadata["resourceVersion"]!.GetValue<string>());
        Assert.Equal(1, metadata["generation"]!.GetValue<long>());
        Assert.Equal(created.Object.ResourceVersion, h.Store.Revision);
    }

    [Fact]
    public void Several_writes_to_one_key_in_a_batch_each_see_the_previous()
    {
        using var h = StoreHarness.Create(onDisk: false);
        var key = Manifests.ServiceKey("web");

        var results = h.Store.Commit(
        [
            Mutation.Create(key, Manifests.Service("web")),
            Mutation.Patch(key, o => { o["spec"]!["image"] = "registry.local/web:2.0"; return o; }),
            Mutation.ReplaceStatus(key, new JsonObject { ["ip"] = "10.88.0.7" }),
        ]);

        Assert.Equal([WriteOutcome.Created, WriteOutcome.Updated, WriteOutcome.Updated], results.Select(r => r.Outcome));
        var stored = h.Store.Get(key)!;
        Assert.Equal("registry.local/web:2.0", stored.Image());
        Assert.Equal(2, stored.Generation());
        Assert.Equal(results[2].Object, stored);
    }

    [Fact]
    public void Creating_in_a_missing_namespace_is_not_found()
    {
        using var h = StoreHarness.Create(onDisk: false);

        var e = Assert.Throws<StoreException>(() => h.Store.CreateService("web", "nowhere"));

        Assert.Equal(404, e.Code);
        Assert.Equal("namespaces.homelab.dev \"nowhere\" not found", e.Message);
    }

    [Fact]
    public void A_namespace_created_earlier_in_the_batch_can_hold_objects()
    {
        using var h = StoreHarness.Create(onDisk: false);

        h.Store.Commit(
        [
            Mutation.Create(Manifests.NamespaceKey("media"), Manifests.Namespace("media")),
            Mutation.Create(Manifests.ServiceKey("jellyfin", "media"), Manifests.Service("jellyfin", "media")),
        ]);

        Assert.NotNull(h.Store.Get(Manifests.ServiceKey("jellyfin", "media")));
    }

    [Fact]
    public void Creating_in_a_terminating_namespace_is_refused()
    {
        using var h = StoreHarness.Create(onDisk: false);
        var ns = Manifests.Namespace("media");
        ns["metadata"]!["finalizers"] = new JsonArray("homelab.dev/cleanup");
        h.Store.Apply(Mutation.Create(Manifests.NamespaceKey("media"), ns));
        h.Store.Apply(Mutation.Delete(Manifests.NamespaceKey("media")));

        var e = Assert.Throws<StoreException>(() => h.Store.CreateService("jellyfin", "media"));

        Assert.Equal(403, e.Code);
        Assert.Equal("unable to create new content in namespace media because it is being terminated", e.Message);
    }

    [Fact]
    public void A_terminating_namespace_has_its_contents_deleted_and_goes_with_the_last_of_them()
    {
        using var h = StoreHarness.Create(onDisk: false);
        h.Store.CreateNamespace("media");
        h.Store.CreateService("jellyfin", "media", finalizers: ["homelab.dev/container"]);
        h.Store.CreateService("sonarr", "media");
        h.Store.CreateService("elsewhere", "default");

        var started = h.Store.Apply(Mutation.Delete(Manifests.NamespaceKey("media")));

        Assert.Equal(WriteOutcome.DeletionStarted, started.Outcome);
        var ns = h.Store.Get(Manifests.NamespaceKey("media"))!.ToNode();
        Assert.Equal("Terminating", (string?)ns["status"]!["phase"]);
        Assert.NotNull(ns["metadata"]!["deletionTimestamp"]);
        Assert.NotNull(h.Store.Get(Manifests.ServiceKey("sonarr", "media")));

        var terminator = new Hosting.NamespaceTerminator(h.Store, Microsoft.Extensions.Options.Options.Create(new StoreOptions()), h.Time, Microsoft.Extensions.Logging.Abstractions.NullLogger<Hosting.NamespaceTerminator>.Instance);
        terminator.DeleteContents("media");

        Assert.Null(h.Store.Get(Manifests.ServiceKey("sonarr", "media")));
        Assert.NotNull(h.Store.Get(Manifests.ServiceKey("jellyfin", "media"))!.ToNode()["metadata"]!["deletionTimestamp"]);
        Assert.NotNull(h.Store.Get(Manifests.NamespaceKey("media")));
        Assert.NotNull(h.Store.Get(Manifests.ServiceKey("elsewhere")));

        var revision = h.Store.Revision;
        h.Store.Apply(Mutation.Patch(Manifests.ServiceKey("jellyfin", "media"), o =>
        {
            o["metadata"]!.AsObject().Remove("finalizers");
            return o;
        }));

        Assert.Null(h.Store.Get(Manifests.ServiceKey("jellyfin", "media")));
        Assert.Null(h.Store.Get(Manifests.NamespaceKey("media")));
        Assert.Equal(revision + 2, h.Store.Revision);
    }

    [Fact]
    public void Deleting_an_empty_namespace_removes_it_at_once_and_a_new_one_is_active()
    {
        using var h = StoreHarness.Create(onDisk: false);
        var created = h.Store.CreateNamespace("media");

        var deleted = h.Store.Apply(Mutation.Delete(Manifests.NamespaceKey("media")));

        Assert.Equal("Active", (string?)created.Object.ToNode()["status"]!["phase"]);
        Assert.Equal(WriteOutcome.Deleted, deleted.Outcome);
        Assert.Null(h.Store.Get(Manifests.NamespaceKey("media")));
    }

    [Fact]
    public void A_dry_run_namespace_delete_moves_nothing()
    {
        using var h = StoreHarness.Create(onDisk: false);
        h.Store.CreateNamespace("media");
        h.Store.CreateService("sonarr", "media");
        var revision = h.Store.Revision;

        var result = h.Store.Commit([Mutation.Delete(Manifests.NamespaceKey("media"))], dryRun: true).Single();

        Assert.Equal(WriteOutcome.DeletionStarted, result.Outcome);
        Assert.Equal(revision, h.Store.Revision);
        Assert.NotNull(h.Store.Get(Manifests.ServiceKey("sonarr", "media")));
        Assert.Null(h.Store.Get(Manifests.NamespaceKey("media"))!.ToNode()["metadata"]!["deletionTimestamp"]);
    }

    [Fact]
    public void A_namespace_emptied_earlier_in_the_batch_can_be_deleted()
    {
        using var h = StoreHarness.Create(onDisk: false);
        h.Store.CreateNamespace("media");
        h.Store.CreateService("jellyfin", "media");

        var results = h.Store.Commit([Mutation.Delete(Manifests.ServiceKey("jellyfin", "media")), Mutation.Delete(Manifests.NamespaceKey("media"))]);

        Assert.All(results, r => Assert.Equal(WriteOutcome.Deleted, r.Outcome));
        Assert.Null(h.Store.Get(Manifests.NamespaceKey("media")));
    }

    [Fact]
    public void The_default_namespace_exists_and_cannot_be_deleted()
    {
        using var h = StoreHarness.Create(onDisk: false);

        var e = Assert.Throws<StoreException>(() => h.Store.Apply(Mutation.Delete(Manifests.NamespaceKey(ApiGroup.DefaultNamespace))));

        Assert.Equal(403, e.Code);
        Assert.NotNull(h.Store.Get(Manifests.NamespaceKey(ApiGroup.DefaultNamespace)));
    }

    [Fact]
    public void Namespaces_always_carry_their_name_label()
    {
        using var h = StoreHarness.Create(onDisk: false);
        var key = Manifests.NamespaceKey("media");
        h.Store.CreateNamespace("media");

        var replaced = h.Store.Apply(Mutation.Replace(key, Manifests.Namespace("media")));
        var patched = h.Store.Apply(Mutation.Patch(key, o => { o["metadata"]!["labels"] = new JsonObject { ["team"] = "home" }; return o; }));

        Assert.Equal(WriteOutcome.Unchanged, replaced.Outcome);
        Assert.Equal("media", patched.Object.Labels[ApiGroup.NamespaceNameLabel]);
        Assert.Equal("home", patched.Object.Labels["team"]);
        Assert.Equal("default", h.Store.Get(Manifests.NamespaceKey("default"))!.Labels[ApiGroup.NamespaceNameLabel]);
    }

    [Fact]
    public void An_object_whose_key_does_not_match_is_a_bad_request()
    {
        using var h = StoreHarness.Create(onDisk: false);

        var e = Assert.Throws<StoreException>(() => h.Store.Apply(Mutation.Create(Manifests.ServiceKey("web"), Manifests.Service("api"))));

        Assert.Equal(400, e.Code);
        Assert.Null(h.Store.Get(Manifests.ServiceKey("web")));
    }
}
