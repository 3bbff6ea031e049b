using System.Net;
using System.Text.Json.Nodes;
using Homelab.Api.Protocol;
using Homelab.Api.Resources;
using Homelab.Store;

namespace Homelab.Server.Tests;

public sealed class ResourceApiTests : IAsyncLifetime
{
    private TestDaemon daemon = null!;

    private HttpClient Http => daemon.Http;

    public async Task InitializeAsync() => daemon = await TestDaemon.StartAsync();

    public async Task DisposeAsync() => await daemon.DisposeAsync();

    [Fact]
    public async Task Create_then_get_returns_the_stored_object_with_server_fields()
    {
        var created = await Http.CreateAsync(Manifests.Service("web"));

        var fetched = await Http.GetObjectAsync(ApiCalls.ServicesPath("default", "web"));

        Assert.Equal("web", fetched["metadata"]!["name"]!.GetValue<string>());
        Assert.Equal(created.ResourceVersion(), fetched.ResourceVersion());
        Assert.Equal(1, fetched.Generation());
        Assert.False(string.IsNullOrEmpty(fetched["metadata"]!["uid"]?.GetValue<string>()));
        Assert.Equal("registry.local/web:1.0", fetched["spec"]!["image"]!.GetValue<string>());
    }

    [Fact]
    public async Task Create_of_an_existing_name_is_a_conflict()
    {
        await Http.CreateAsync(Manifests.Service("web"));

        using var response = await Http.SendJsonAsync(HttpMethod.Post, ApiCalls.ServicesPath("default"), Manifests.Service("web"));

        var status = await ApiCalls.ExpectStatusAsync(response, HttpStatusCode.Conflict);
        Assert.Equal("AlreadyExists", status.Reason);
    }

    [Fact]
    public async Task Create_with_a_namespace_other_than_the_path_is_refused()
    {
        await Http.CreateAsync(Manifests.Namespace("media"));
        using var response = await Http.SendJsonAsync(HttpMethod.Post, ApiCalls.ServicesPath("default"), Manifests.Service("web", ns: "media"));

        var status = await ApiCalls.ExpectStatusAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("metadata.namespace", status.Message);
        Assert.Null(daemon.Store.Get(new ObjectKey("Service", "media", "web")));
    }

    [Fact]
    public async Task Lists_cover_one_namespace_all_namespaces_or_a_label_selection()
    {
        await Http.CreateAsync(Manifests.Namespace("media"));
        await Http.CreateAsync(Manifests.Service("web", labels: new Dictionary<string, string> { ["tier"] = "front" }));
        await Http.CreateAsync(Manifests.Service("db", labels: new Dictionary<string, string> { ["tier"] = "back" }));
        await Http.CreateAsync(Manifests.Service("player", ns: "media", labels: new Dictionary<string, string> { ["tier"] = "front" }));

        var inDefault = await Http.GetObjectAsync(ApiCalls.ServicesPath("default"));
        var everywhere = await Http.GetObjectAsync(ApiPaths.For(ResourceKinds.Service));
        var front = await Http.GetObjectAsync(ApiPaths.For(ResourceKinds.Service) + "?labelSelector=tier%3Dfront");
        var notFrontInDefault = await Http.GetObjectAsync(ApiCalls.ServicesPath("default") + "?labelSelector=tier!%3Dfront");

        Assert.Equal("ServiceList", everywhere["kind"]!.GetValue<string>());
        Assert.Equal(daemon.Store.Revision.ToString(System.Globalization.CultureInfo.InvariantCulture), everywhere["metadata"]!["resourceVersion"]!.GetValue<string>());
        Assert.Equal(["db", "web"], Names(inDefault));
        Assert.Equal(["db", "web", "player"], Names(everywhere));
        Assert.Equal(["web", "player"], Names(front));
        Assert.Equal(["db"], Names(notFrontInDefault));
    }

    [Fact]
    public async Task A_malformed_label_selector_is_a_bad_request()
    {
        using var response = await Http.GetAsync(ApiCalls.ServicesPath("default") + "?labelSelector=tier%20in%20(front");

        var status = await ApiCalls.ExpectStatusAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("labelSelector", status.Message);
    }

    [Fact]
    public async Task Replace_with_stale_resource_version_is_a_conflict()
    {
        var created = await Http.CreateAsync(Manifests.Service("web"));
        var first = (JsonObject)created.DeepClone();
        first["spec"]!["image"] = "registry.local/web:1.1";
        using (var ok = await Http.SendJsonAsync(HttpMethod.Put, ApiCalls.ServicesPath("default", "web"), first))
        {
            await ApiCalls.ExpectObjectAsync(ok, HttpStatusCode.OK);
        }
        var stale = (JsonObject)created.DeepClone();
        stale["spec"]!["image"] = "registry.local/web:2.0";

        using var response = await Http.SendJsonAsync(HttpMethod.Put, ApiCalls.ServicesPath("default", "web"), stale);

        var status = await ApiCalls.ExpectStatusAsync(response, HttpStatusCode.Conflict);
        Assert.Equal("Conflict", status.Reason);
        Assert.Equal("registry.local/web:1.1", (await Http.GetObjectAsync(ApiCalls.ServicesPath("default", "web")))["spec"]!["image"]!.GetValue<string>());
    }

    [Fact]
    public async Task Replace_without_resource_version_is_invalid()
    {
        await Http.CreateAsync(Manifests.Service("web"));

        using var response = await Http.SendJsonAsync(HttpMethod.Put, ApiCalls.ServicesPath("default", "web"), Manifests.Service("web", image: "registry.local/web:2.0"));

        var status = await ApiCalls.ExpectStatusAsync(response, HttpStatusCode.UnprocessableEntity);
        Assert.Contains(status.Details!.Causes!, c => c.Field == "metadata.resourceVersion");
    }

    [Fact]
    public async Task Merge_patch_changes_only_the_given_fields_and_bumps_generation()
    {
        await Http.CreateAsync(Manifests.Service("web", labels: new Dictionary<string, string> { ["tier"] = "front", ["team"] = "a" }));
        var patch = new JsonObject
        {
            ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["team"] = null, ["owner"] = "me" } },
            ["spec"] = new JsonObject { ["image"] = "registry.local/web:1.1" },
        };

        using var response = await Http.SendJsonAsync(HttpMethod.Patch, ApiCalls.ServicesPath("default", "web"), patch, "application/merge-patch+json");

        var patched = await ApiCalls.ExpectObjectAsync(response, HttpStatusCode.OK);
        var labels = patched["metadata"]!["labels"]!.AsObject();
        Assert.Equal("front", labels["tier"]!.GetValue<string>());
        Assert.Equal("me", labels["owner"]!.GetValue<string>());
        Assert.False(labels.ContainsKey("team"));
        Assert.Equal("registry.local/web:1.1", patched["spec"]!["image"]!.GetValue<string>());
        Assert.Equal(8080, patched["spec"]!["ports"]![0]!["containerPort"]!.GetValue<int>());
        Assert.Equal(2, patched.Generation());
    }

    [Fact]
    public async Task Merge_patch_with_a_stale_resource_version_is_a_conflict()
    {
        var created = await Http.CreateAsync(Manifests.Service("web"));
        await Http.CreateAsync(Manifests.Service("other"));
        using (var first = await Http.SendJsonAsync(HttpMethod.Patch, ApiCalls.ServicesPath("default", "web"), new JsonObject { ["spec"] = new JsonObject { ["image"] = "registry.local/web:1.1" } }, "application/merge-patch+json"))
        {
            await ApiCalls.ExpectObjectAsync(first, HttpStatusCode.OK);
        }
        var conditional = new JsonObject
        {
            ["metadata"] = new JsonObject { ["resourceVersion"] = created.ResourceVersion() },
            ["spec"] = new JsonObject { ["image"] = "registry.local/web:9.9" },
        };

        using var response = await Http.SendJsonAsync(HttpMethod.Patch, ApiCalls.ServicesPath("default", "web"), conditional, "application/merge-patch+json");

        await ApiCalls.ExpectStatusAsync(response, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Patch_with_a_plain_json_content_type_is_unsupported()
    {
        await Http.CreateAsync(Manifests.Service("web"));

        using var response = await Http.SendJsonAsync(HttpMethod.Patch, ApiCalls.ServicesPath("default", "web"), new JsonObject { ["spec"] = new JsonObject() });

        var status = await ApiCalls.ExpectStatusAsync(response, HttpStatusCode.UnsupportedMediaType);
        Assert.Contains("application/merge-patch+json", status.Message);
    }

    [Fact]
    public async Task Status_write_does_not_bump_generation_and_keeps_spec()
    {
        var created = await Http.CreateAsync(Manifests.Service("web"));
        var body = (JsonObject)created.DeepClone();
        body["spec"]!["image"] = "registry.local/ignored:1";
        body["status"] = new JsonObject { ["containerID"] = "abc123", ["observedGeneration"] = 1 };

        using var put = await Http.SendJsonAsync(HttpMethod.Put, ApiPaths.Status(ResourceKinds.Service, "default", "web"), body);
        var afterPut = await ApiCalls.ExpectObjectAsync(put, HttpStatusCode.OK);
        using var patch = await Http.SendJsonAsync(HttpMethod.Patch, ApiPaths.Status(ResourceKinds.Service, "default", "web"), new JsonObject { ["status"] = new JsonObject { ["ip"] = "10.89.0.2" } }, "application/merge-patch+json");
        var afterPatch = await ApiCalls.ExpectObjectAsync(patch, HttpStatusCode.OK);

        Assert.Equal(1, afterPut.Generation());
        Assert.Equal(1, afterPatch.Generation());
        Assert.NotEqual(created.ResourceVersion(), afterPatch.ResourceVersion());
        Assert.Equal("registry.local/web:1.0", afterPatch["spec"]!["image"]!.GetValue<string>());
        Assert.Equal("abc123", afterPatch["status"]!["containerID"]!.GetValue<string>());
        Assert.Equal("10.89.0.2", afterPatch["status"]!["ip"]!.GetValue<string>());
    }

    [Fact]
    public async Task Dry_run_writes_nothing()
    {
        var revision = daemon.Store.Revision;

        using var create = await Http.SendJsonAsync(HttpMethod.Post, ApiCalls.ServicesPath("default") + "?dryRun=All", Manifests.Service("web"));
        var answered = await ApiCalls.ExpectObjectAsync(create, HttpStatusCode.Created);

        Assert.Equal("web", answered["metadata"]!["name"]!.GetValue<string>());
        Assert.Equal(revision, daemon.Store.Revision);
        Assert.Null(daemon.Store.Get(new ObjectKey("Service", "default", "web")));
        using var get = await Http.GetAsync(ApiCalls.ServicesPath("default", "web"));
        await ApiCalls.ExpectStatusAsync(get, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Dry_run_delete_keeps_the_object()
    {
        await Http.CreateAsync(Manifests.Service("web"));

        using var response = await Http.DeleteAsync(ApiCalls.ServicesPath("default", "web") + "?dryRun=All");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(daemon.Store.Get(new ObjectKey("Service", "default", "web")));
    }

    [Fact]
    public async Task An_unknown_dry_run_value_is_a_bad_request()
    {
        using var response = await Http.SendJsonAsync(HttpMethod.Post, ApiCalls.ServicesPath("default") + "?dryRun=Some", Manifests.Service("web"));

        var status = await ApiCalls.ExpectStatusAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("dryRun", status.Message);
    }

    [Fact]
    public async Task Invalid_object_is_refused_with_causes_naming_the_field()
    {
        using var response = await Http.SendJsonAsync(HttpMethod.Post, ApiCalls.ServicesPath("default"), Manifests.Service("web", containerPort: 70000));

        var status = await ApiCalls.ExpectStatusAsync(response, HttpStatusCode.UnprocessableEntity);
        Assert.Equal("Invalid", status.Reason);
        Assert.Contains(status.Details!.Causes!, c => c.Field == "spec.ports[0].containerPort");
        Assert.Null(daemon.Store.Get(new ObjectKey("Service", "default", "web")));
    }

    [Fact]
    public async Task Delete_with_a_finalizer_marks_the_object_until_the_finalizer_goes()
    {
        var manifest = Manifests.Service("web");
        manifest["metadata"]!["finalizers"] = new JsonArray("homelab.dev/test");
        await Http.CreateAsync(manifest);

        using var delete = await Http.DeleteAsync(ApiCalls.ServicesPath("default", "web"));
        var deleting = await ApiCalls.ExpectObjectAsync(delete, HttpStatusCode.Accepted);
        var stillThere = await Http.GetObjectAsync(ApiCalls.ServicesPath("default", "web"));
        using var removeFinalizer = await Http.SendJsonAsync(
            HttpMethod.Patch, ApiCalls.ServicesPath("default", "web"), new JsonObject { ["metadata"] = new JsonObject { ["finalizers"] = null } }, "application/merge-patch+json");
        using var gone = await Http.GetAsync(ApiCalls.ServicesPath("default", "web"));

        Assert.NotNull(deleting["metadata"]!["deletionTimestamp"]);
        Assert.NotNull(stillThere["metadata"]!["deletionTimestamp"]);
        Assert.True(removeFinalizer.IsSuccessStatusCode, await removeFinalizer.Content.ReadAsStringAsync());
        await ApiCalls.ExpectStatusAsync(gone, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Delete_with_purge_volumes_marks_the_object_in_the_same_write()
    {
        var manifest = Manifests.Service("web");
        manifest["metadata"]!["finalizers"] = new JsonArray("homelab.dev/test");
        await Http.CreateAsync(manifest);

        using var delete = await Http.DeleteAsync(ApiCalls.ServicesPath("default", "web") + "?purgeVolumes=true");

        var deleting = await ApiCalls.ExpectObjectAsync(delete, HttpStatusCode.Accepted);
        Assert.Equal("true", deleting["metadata"]!["annotations"]![WellKnownAnnotations.PurgeVolumes]!.GetValue<string>());
        Assert.NotNull(deleting["metadata"]!["deletionTimestamp"]);
    }

    [Fact]
    public async Task Delete_with_a_stale_precondition_is_a_conflict()
    {
        var created = await Http.CreateAsync(Manifests.Service("web"));
        using (var patch = await Http.SendJsonAsync(HttpMethod.Patch, ApiCalls.ServicesPath("default", "web"), new JsonObject { ["spec"] = new JsonObject { ["image"] = "registry.local/web:1.1" } }, "application/merge-patch+json"))
        {
            await ApiCalls.ExpectObjectAsync(patch, HttpStatusCode.OK);
        }

        using var response = await Http.DeleteAsync(ApiCalls.ServicesPath("default", "web") + "?resourceVersion=" + created.ResourceVersion());

        await ApiCalls.ExpectStatusAsync(response, HttpStatusCode.Conflict);
        Assert.NotNull(daemon.Store.Get(new ObjectKey("Service", "default", "web")));
    }

    [Fact]
    public async Task Delete_honours_preconditions_in_a_delete_options_body()
    {
        var created = await Http.CreateAsync(Manifests.Service("web"));
        var stale = new JsonObject { ["preconditions"] = new JsonObject { ["resourceVersion"] = "1" } };
        var current = new JsonObject { ["preconditions"] = new JsonObject { ["resourceVersion"] = created.ResourceVersion() } };

        using var refused = await Http.SendJsonAsync(HttpMethod.Delete, ApiCalls.ServicesPath("default", "web"), stale);
        using var accepted = await Http.SendJsonAsync(HttpMethod.Delete, ApiCalls.ServicesPath("default", "web"), current);

        await ApiCalls.ExpectStatusAsync(refused, HttpStatusCode.Conflict);
        await ApiCalls.ExpectObjectAsync(accepted, HttpStatusCode.OK);
        Assert.Null(daemon.Store.Get(new ObjectKey("Service", "default", "web")));
    }

    [Fact]
    public async Task Namespaces_are_cluster_scoped()
    {
        await Http.CreateAsync(Manifests.Namespace("media"));

        var fetched = await Http.GetObjectAsync(ApiPaths.For(ResourceKinds.Namespace, null, "media"));
        using var wrongScope = await Http.GetAsync(ApiPaths.Root + "/namespaces/default/namespaces/media");

        Assert.Equal("media", fetched["metadata"]!["name"]!.GetValue<string>());
        Assert.Null(fetched["metadata"]!["namespace"]);
        await ApiCalls.ExpectStatusAsync(wrongScope, HttpStatusCode.NotFound);
    }

    private static List<string> Names(JsonObject list) =>
        [.. list["items"]!.AsArray().Select(i => i!["metadata"]!["name"]!.GetValue<string>())];
}
