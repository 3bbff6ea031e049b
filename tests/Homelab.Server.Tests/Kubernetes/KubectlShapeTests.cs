using System.Net;
using System.Text.Json.Nodes;
using Homelab.Api.Protocol;
using Homelab.Api.Resources;

namespace Homelab.Server.Tests.Kubernetes;

/// <summary>The answers kubectl depends on, over the socket (the TLS listener serves the same handlers).</summary>
public sealed class KubectlShapeTests : IAsyncLifetime
{
    private const string TableAccept = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json";
    private TestDaemon daemon = null!;

    private HttpClient Http => daemon.Http;

    public async Task InitializeAsync() => daemon = await TestDaemon.StartAsync();

    public async Task DisposeAsync() => await daemon.DisposeAsync();

    private async Task<JsonObject> GetAsync(string path, string accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("Accept", accept);
        using var response = await Http.SendAsync(request);
        return await ApiCalls.ExpectObjectAsync(response, HttpStatusCode.OK);
    }

    [Fact]
    public async Task Discovery_lists_the_group_and_every_kind_in_the_homelab_category_and_leaves_the_core_group_out()
    {
        var groups = await GetAsync(ApiPaths.Groups, "application/json");
        Assert.Equal("homelab.dev/v1alpha1", groups["groups"]![0]!["preferredVersion"]!["groupVersion"]!.GetValue<string>());

        var resources = await GetAsync(ApiPaths.Root, "application/json");
        var kinds = resources["resources"]!.AsArray().Where(r => !r!["name"]!.GetValue<string>().Contains('/', StringComparison.Ordinal)).ToList();
        Assert.Equal(ResourceKinds.All.Select(k => k.Plural).Order(), kinds.Select(k => k!["name"]!.GetValue<string>()).Order());
        Assert.All(kinds, k => Assert.Equal("homelab", k!["categories"]![0]!.GetValue<string>()));

        using var core = await Http.GetAsync("/api");
        Assert.Equal(HttpStatusCode.NotFound, core.StatusCode);
    }

    [Fact]
    public async Task A_table_has_hlctl_columns_with_the_wide_ones_at_priority_one_and_metadata_per_row()
    {
        await Http.CreateAsync(Manifests.Service("web", labels: new Dictionary<string, string> { ["app"] = "web" }));

        var table = await GetAsync(ApiCalls.ServicesPath("default"), TableAccept);

        Assert.Equal("Table", table["kind"]!.GetValue<string>());
        var columns = table["columnDefinitions"]!.AsArray().Select(c => (c!["name"]!.GetValue<string>(), c["priority"]!.GetValue<int>())).ToList();
        Assert.Equal([("NAME", 0), ("IMAGE", 0), ("READY", 0), ("STATUS", 0), ("RESTARTS", 0), ("PORTS", 0), ("AGE", 0), ("IP", 1), ("NETWORK", 1), ("PRIVILEGES", 1)], columns);
        var row = table["rows"]![0]!;
        Assert.Equal(["web", "registry.local/web:1.0", "0/1", "Pending", "0", "8080/TCP"], row["cells"]!.AsArray().Take(6).Select(c => c!.GetValue<string>()));
        Assert.Equal("PartialObjectMetadata", row["object"]!["kind"]!.GetValue<string>());
        Assert.Equal("web", row["object"]!["metadata"]!["labels"]!["app"]!.GetValue<string>());
        Assert.Null(row["object"]!["spec"]);
    }

    [Fact]
    public async Task A_field_selector_on_the_name_picks_one_object_and_an_unknown_field_is_a_bad_request()
    {
        await Http.CreateAsync(Manifests.Service("web"));
        await Http.CreateAsync(Manifests.Service("db"));

        var list = await GetAsync(ApiCalls.ServicesPath("default") + "?fieldSelector=metadata.name%3Ddb", "application/json");
        Assert.Equal(["db"], list["items"]!.AsArray().Select(i => i!["metadata"]!["name"]!.GetValue<string>()));

        using var refused = await Http.GetAsync(ApiCalls.ServicesPath("default") + "?fieldSelector=spec.image%3Dx");
        Assert.Contains("field label not supported", (await ApiCalls.ExpectStatusAsync(refused, HttpStatusCode.BadRequest)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_openapi_v3_document_of_the_group_has_every_kind_with_a_patch_that_takes_field_validation()
    {
        var root = await GetAsync("/openapi/v3", "application/json");
        var url = root["paths"]!["apis/homelab.dev/v1alpha1"]!["serverRelativeURL"]!.GetValue<string>();
        var document = await GetAsync(url, "application/json");

        foreach (var kind in ResourceKinds.All)
        {
            var schema = document["components"]!["schemas"]!["dev.homelab.v1alpha1." + kind.Kind]!;
            Assert.Equal(kind.Kind, schema["x-kubernetes-group-version-kind"]![0]!["kind"]!.GetValue<string>());
        }
        var patch = document["paths"]!["/apis/homelab.dev/v1alpha1/namespaces/{namespace}/services/{name}"]!["patch"]!;
        Assert.Contains(patch["parameters"]!.AsArray(), p => p!["name"]!.GetValue<string>() == "fieldValidation");
        Assert.Equal(["application/merge-patch+json", "application/json-patch+json"], patch["requestBody"]!["content"]!.AsObject().Select(c => c.Key));
        Assert.NotNull(document["components"]!["schemas"]!["dev.homelab.v1alpha1.Service"]!["properties"]!["spec"]!["properties"]!["image"]);
    }

    [Fact]
    public async Task Every_kinds_metadata_is_object_meta_in_openapi_v3_and_v2()
    {
        var root = await GetAsync("/openapi/v3", "application/json");
        var v3 = await GetAsync(root["paths"]!["apis/homelab.dev/v1alpha1"]!["serverRelativeURL"]!.GetValue<string>(), "application/json");
        var v2 = await GetAsync("/openapi/v2", "application/json");
        const string objectMeta = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";

        foreach (var kind in ResourceKinds.All)
        {
            var name = "dev.homelab.v1alpha1." + kind.Kind;
            Assert.Equal("#/components/schemas/" + objectMeta, v3["components"]!["schemas"]![name]!["properties"]!["metadata"]!["allOf"]![0]!["$ref"]!.GetValue<string>());
            Assert.Equal("#/definitions/" + objectMeta, v2["definitions"]![name]!["properties"]!["metadata"]!["$ref"]!.GetValue<string>());
        }
        foreach (var meta in new[] { v3["components"]!["schemas"]![objectMeta]!, v2["definitions"]![objectMeta]! })
        {
            Assert.Equal("string", meta["properties"]!["labels"]!["additionalProperties"]!["type"]!.GetValue<string>());
            Assert.NotNull(meta["properties"]!["generateName"]);
        }
    }

    [Theory]
    [InlineData("Object", "spec")]
    [InlineData("Metadata", "metadata")]
    [InlineData("None", null)]
    public async Task A_table_row_carries_what_include_object_asks_for(string include, string? carried)
    {
        await Http.CreateAsync(Manifests.Service("web"));

        var row = (await GetAsync(ApiCalls.ServicesPath("default") + "?includeObject=" + include, TableAccept))["rows"]![0]!;

        Assert.Equal("web", row["cells"]![0]!.GetValue<string>());
        if (carried is null)
        {
            Assert.Null(row["object"]);
        }
        else
        {
            Assert.NotNull(row["object"]![carried]);
            Assert.Equal(include == "Object", row["object"]!["spec"] is not null);
        }
    }
}
