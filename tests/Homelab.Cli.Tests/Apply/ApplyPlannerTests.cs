using System.Text.Json.Nodes;
using Homelab.Api;
using Homelab.Api.Protocol;
using Homelab.Api.Serialization;
using Homelab.Cli.Apply;

namespace Homelab.Cli.Tests.Apply;

public sealed class ApplyPlannerTests
{
    [Fact]
    public void An_object_that_does_not_exist_is_created_with_its_last_applied_annotation()
    {
        var desired = Manifests.Load(Manifests.Service("web"));

        var change = Assert.Single(ApplyPlanner.Plan(desired, new Dictionary<ObjectRef, JsonObject>(), []));

        Assert.Equal(ApplyOutcome.Created, change.Outcome);
        Assert.Equal(BatchOps.Create, change.Operation!.Op);
        var lastApplied = JsonNode.Parse(JsonText.String(change.Operation.Object!["metadata"]!["annotations"]![ApiGroup.LastAppliedAnnotation])!)!;
        Assert.Equal("default", JsonText.String(lastApplied["metadata"]!["namespace"]));
        Assert.Null(lastApplied["metadata"]!["annotations"]);
    }

    [Fact]
    public void Re_applying_the_same_file_is_unchanged_and_writes_nothing_even_with_server_defaults()
    {
        var desired = Manifests.Load(Manifests.Service("web"));
        var live = new Dictionary<ObjectRef, JsonObject> { [desired[0].Ref] = Manifests.Live(desired[0], 7) };

        var change = Assert.Single(ApplyPlanner.Plan(Manifests.Load(Manifests.Service("web")), live, []));

        Assert.Equal(ApplyOutcome.Unchanged, change.Outcome);
        Assert.Null(change.Operation);
    }

    [Fact]
    public void An_edited_file_is_configured_as_a_replace_at_the_live_resource_version()
    {
        var original = Manifests.Load(Manifests.Service("web"));
        var live = new Dictionary<ObjectRef, JsonObject> { [original[0].Ref] = Manifests.Live(original[0], 7) };

        var change = Assert.Single(ApplyPlanner.Plan(Manifests.Load(Manifests.Service("web", image: "nginx:1.28")), live, []));

        Assert.Equal(ApplyOutcome.Configured, change.Outcome);
        Assert.Equal(BatchOps.Replace, change.Operation!.Op);
        Assert.Equal("7", change.Operation.ResourceVersion);
        Assert.Equal("nginx:1.28", JsonText.String(change.Operation.Object!["spec"]!["image"]));
        Assert.Null(change.Operation.Object["status"]);
    }

    [Fact]
    public void A_value_a_controller_changed_survives_re_applying_an_unchanged_file()
    {
        var desired = Manifests.Load(Manifests.Service("web"));
        var live = Manifests.Live(desired[0], 7);
        live["spec"]!["image"] = "nginx:1.27@sha256:" + new string('a', 64);

        var change = Assert.Single(ApplyPlanner.Plan(desired, new Dictionary<ObjectRef, JsonObject> { [desired[0].Ref] = live }, []));

        Assert.Equal(ApplyOutcome.Unchanged, change.Outcome);
    }

    [Fact]
    public void A_label_removed_from_the_file_is_removed_from_the_object()
    {
        var original = Manifests.Load(Manifests.Service("web", labels: "{app: web, tier: front}"));
        var live = new Dictionary<ObjectRef, JsonObject> { [original[0].Ref] = Manifests.Live(original[0], 3) };

        var change = Assert.Single(ApplyPlanner.Plan(Manifests.Load(Manifests.Service("web", labels: "{app: web}")), live, []));

        Assert.Equal(ApplyOutcome.Configured, change.Outcome);
        Assert.Null(change.Operation!.Object!["metadata"]!["labels"]!["tier"]);
    }

    [Fact]
    public void Prune_deletes_only_applyset_members_missing_from_the_files()
    {
        var before = Manifests.Load(Manifests.Service("web") + "\n---\n" + Manifests.Service("old"), applySet: "home");
        var members = before.Select((d, i) => Manifests.Live(d, i + 1)).ToList();
        var live = members.ToDictionary(ObjectRef.Of);

        var changes = ApplyPlanner.Plan(Manifests.Load(Manifests.Service("web"), applySet: "home"), live, members);

        Assert.Equal([("service/web", ApplyOutcome.Unchanged), ("service/old", ApplyOutcome.Pruned)], changes.Select(c => (c.Display, c.Outcome)));
        var delete = changes[1].Operation!;
        Assert.Equal((BatchOps.Delete, "Service", "default", "old"), (delete.Op, delete.Kind, delete.Namespace, delete.Name));
    }

    [Fact]
    public void The_reported_outcomes_are_the_daemons_answers_in_operation_order_and_prunes_keep_their_word()
    {
        var before = Manifests.Load(Manifests.Service("web") + "\n---\n" + Manifests.Service("old"), applySet: "home");
        var members = before.Select((d, i) => Manifests.Live(d, i + 1)).ToList();
        var live = members.ToDictionary(ObjectRef.Of);
        var edited = Manifests.Load(Manifests.Service("web", image: "nginx:1.28") + "\n---\n" + Manifests.Service("new"), applySet: "home");
        var changes = ApplyPlanner.Plan(edited, live, members);
        Assert.Equal([ApplyOutcome.Configured, ApplyOutcome.Created, ApplyOutcome.Pruned], changes.Select(c => c.Outcome));

        var reported = ApplyPlanner.Reported(changes, [new BatchResult { Outcome = "unchanged" }, new BatchResult { Outcome = "created" }, new BatchResult { Outcome = "deleting" }]);

        Assert.Equal([("service/web", "unchanged"), ("service/new", "created"), ("service/old", ApplyOutcome.Pruned)], reported.Select(c => (c.Display, c.Outcome)));
        Assert.Same(changes, ApplyPlanner.Reported(changes, [new BatchResult { Outcome = "created" }]));
    }

    [Fact]
    public void Namespaces_are_planned_before_what_lives_in_them()
    {
        var desired = Manifests.Load(Manifests.Service("web") + "\n---\napiVersion: homelab.dev/v1alpha1\nkind: Namespace\nmetadata: {name: media}\n");

        var changes = ApplyPlanner.Plan(desired, new Dictionary<ObjectRef, JsonObject>(), []);

        Assert.Equal(["namespace/media", "service/web"], changes.Select(c => c.Display));
    }
}
