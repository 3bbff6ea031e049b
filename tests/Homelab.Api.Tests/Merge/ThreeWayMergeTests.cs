using System.Text.Json.Nodes;
using Homelab.Api.Merge;
using Xunit;

namespace Homelab.Api.Tests.Merge;

public sealed class ThreeWayMergeTests
{
    private const string File = """
        {"apiVersion":"homelab.dev/v1alpha1","kind":"Service",
         "metadata":{"name":"web","namespace":"edge","labels":{"app":"web"}},
         "spec":{"image":"caddy:2.8","env":[{"name":"A","value":"1"}],"ports":[{"containerPort":80,"protocol":"TCP"}],"restartPolicy":"Always"}}
        """;

    private static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();

    /// <summary>The stored object after the first apply of <see cref="File"/>, then touched by the server and controllers.</summary>
    private static JsonObject Live()
    {
        var live = Parse(File);
        live["metadata"]!["uid"] = "u-1";
        live["metadata"]!["resourceVersion"] = "42";
        live["metadata"]!["generation"] = 3;
        live["metadata"]!["finalizers"] = new JsonArray("homelab.dev/container");
        live["metadata"]!["labels"]!["homelab.dev/applyset"] = "home";
        live["spec"]!["image"] = "caddy:2.8@sha256:" + new string('a', 64);
        live["status"] = new JsonObject { ["observedGeneration"] = 3 };
        return live;
    }

    private static JsonObject Edit(Action<JsonObject> change)
    {
        var desired = Parse(File);
        change(desired);
        return desired;
    }

    [Fact]
    public void A_controller_set_image_survives_reapplying_an_unchanged_file()
    {
        var merged = ThreeWayMerge.Compute(Parse(File), Live(), Parse(File));
        Assert.True(JsonCanonical.DeepEquals(Live(), merged), merged.ToJsonString());
    }

    [Fact]
    public void A_field_the_user_changed_wins_over_the_controller()
    {
        var merged = ThreeWayMerge.Compute(Parse(File), Live(), Edit(d => d["spec"]!["image"] = "caddy:2.9"));
        Assert.Equal("caddy:2.9", (string?)merged["spec"]!["image"]);
    }

    [Fact]
    public void A_field_removed_from_the_file_is_removed()
    {
        var merged = ThreeWayMerge.Compute(Parse(File), Live(), Edit(d => d["spec"]!.AsObject().Remove("restartPolicy")));
        Assert.False(merged["spec"]!.AsObject().ContainsKey("restartPolicy"));
        Assert.NotNull(merged["spec"]!["image"]);
    }

    [Fact]
    public void A_label_removed_from_the_file_is_removed_but_labels_set_by_others_stay()
    {
        var merged = ThreeWayMerge.Compute(Parse(File), Live(), Edit(d => d["metadata"]!["labels"]!.AsObject().Remove("app")));
        var labels = merged["metadata"]!["labels"]!.AsObject();
        Assert.False(labels.ContainsKey("app"));
        Assert.Equal("home", (string?)labels["homelab.dev/applyset"]);
    }

    [Fact]
    public void Lists_are_replaced_whole_when_the_file_changed_them()
    {
        var live = Live();
        live["spec"]!["env"]!.AsArray().Add(new JsonObject { ["name"] = "INJECTED", ["value"] = "x" });
        var desired = Edit(d => d["spec"]!["env"] = new JsonArray(new JsonObject { ["name"] = "B", ["value"] = "2" }));
        var merged = ThreeWayMerge.Compute(Parse(File), live, desired);
        Assert.Equal("""[{"name":"B","value":"2"}]""", merged["spec"]!["env"]!.ToJsonString());
    }

    [Fact]
    public void Lists_the_file_did_not_change_keep_their_live_value()
    {
        var live = Live();
        live["spec"]!["env"]!.AsArray().Add(new JsonObject { ["name"] = "INJECTED", ["value"] = "x" });
        var merged = ThreeWayMerge.Compute(Parse(File), live, Parse(File));
        Assert.Equal(2, merged["spec"]!["env"]!.AsArray().Count);
    }

    [Fact]
    public void Status_and_server_owned_metadata_are_never_touched()
    {
        var desired = Edit(d =>
        {
            d["status"] = new JsonObject { ["observedGeneration"] = 99 };
            d["metadata"]!["uid"] = "forged";
            d["metadata"]!["resourceVersion"] = "1";
        });
        var merged = ThreeWayMerge.Compute(Parse(File), Live(), desired);
        Assert.Equal(3, (int?)merged["status"]!["observedGeneration"]);
        Assert.Equal("u-1", (string?)merged["metadata"]!["uid"]);
        Assert.Equal("42", (string?)merged["metadata"]!["resourceVersion"]);
        Assert.Equal(3, (int?)merged["metadata"]!["generation"]);
        Assert.Single(merged["metadata"]!["finalizers"]!.AsArray());
    }

    [Fact]
    public void Without_last_applied_the_file_is_laid_over_live_and_nothing_is_removed()
    {
        var live = Live();
        live["spec"]!["stopGracePeriod"] = "10s";
        var merged = ThreeWayMerge.Compute(null, live, Edit(d => d["spec"]!["image"] = "caddy:3"));
        Assert.Equal("caddy:3", (string?)merged["spec"]!["image"]);
        Assert.Equal("10s", (string?)merged["spec"]!["stopGracePeriod"]);
    }

    [Fact]
    public void An_explicit_null_in_the_file_removes_the_field()
    {
        var merged = ThreeWayMerge.Compute(Parse(File), Live(), Edit(d => d["spec"]!["restartPolicy"] = null));
        Assert.False(merged["spec"]!.AsObject().ContainsKey("restartPolicy"));
    }

    [Fact]
    public void A_new_nested_object_in_the_file_is_added()
    {
        var merged = ThreeWayMerge.Compute(Parse(File), Live(), Edit(d => d["spec"]!["resources"] = new JsonObject { ["memory"] = "512Mi" }));
        Assert.Equal("512Mi", (string?)merged["spec"]!["resources"]!["memory"]);
    }

    [Fact]
    public void Numbers_compare_by_value_so_an_int_and_a_long_are_the_same_field()
    {
        var last = Parse(File);
        var desired = Parse(File);
        desired["spec"]!["ports"]![0]!["containerPort"] = JsonValue.Create(80L);
        last["spec"]!["ports"]![0]!["containerPort"] = JsonValue.Create(80);
        var live = Live();
        live["spec"]!["ports"] = new JsonArray(new JsonObject { ["containerPort"] = 80, ["protocol"] = "TCP", ["hostPort"] = 8080 });
        var merged = ThreeWayMerge.Compute(last, live, desired);
        Assert.Equal(8080, (int?)merged["spec"]!["ports"]![0]!["hostPort"]);
    }

    [Fact]
    public void The_inputs_are_not_modified()
    {
        var last = Parse(File);
        var live = Live();
        var desired = Edit(d => d["spec"]!["image"] = "caddy:3");
        var before = (last.ToJsonString(), live.ToJsonString(), desired.ToJsonString());
        ThreeWayMerge.Compute(last, live, desired);
        Assert.Equal(before, (last.ToJsonString(), live.ToJsonString(), desired.ToJsonString()));
    }
}
