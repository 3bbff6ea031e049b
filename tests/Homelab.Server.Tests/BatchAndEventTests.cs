using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Homelab.Api.Protocol;
using Homelab.Api.Serialization;
using Homelab.Store;

namespace Homelab.Server.Tests;

public sealed class BatchAndEventTests : IAsyncLifetime
{
    private TestDaemon daemon = null!;

    private HttpClient Http => daemon.Http;

    public async Task InitializeAsync() => daemon = await TestDaemon.StartAsync();

    public async Task DisposeAsync() => await daemon.DisposeAsync();

    [Fact]
    public async Task Batch_applies_every_operation_and_reports_kubectl_outcomes()
    {
        var existing = await Http.CreateAsync(Manifests.Service("old"));
        var unchanged = await Http.CreateAsync(Manifests.Service("same"));
        var request = new BatchRequest
        {
            Operations =
            [
                new BatchOperation { Op = BatchOps.Create, Object = Manifests.Namespace("media") },
                new BatchOperation { Op = BatchOps.Create, Object = Manifests.Service("web", ns: "media") },
                new BatchOperation { Op = BatchOps.Replace, Object = unchanged },
                new BatchOperation { Op = BatchOps.Delete, Kind = "Service", Namespace = "default", Name = "old", ResourceVersion = existing.ResourceVersion() },
            ],
        };

        var response = await PostBatchAsync(request, HttpStatusCode.OK);

        Assert.Equal(["created", "created", "unchanged", "deleted"], response.Results.Select(r => r.Outcome));
        Assert.Equal(daemon.Store.Revision.ToString(System.Globalization.CultureInfo.InvariantCulture), response.ResourceVersion);
        Assert.NotNull(daemon.Store.Get(new ObjectKey("Service", "media", "web")));
        Assert.Null(daemon.Store.Get(new ObjectKey("Service", "default", "old")));
    }

    [Fact]
    public async Task Batch_with_one_invalid_object_writes_nothing()
    {
        var revision = daemon.Store.Revision;
        var request = new BatchRequest
        {
            Operations =
            [
                new BatchOperation { Op = BatchOps.Create, Object = Manifests.Service("good") },
                new BatchOperation { Op = BatchOps.Create, Object = Manifests.Service("bad", containerPort: 70000) },
            ],
        };

        using var response = await Http.SendJsonAsync(HttpMethod.Post, ApiPaths.Batch, JsonSerializer.SerializeToNode(request, HomelabJson.Options));

        var status = await ApiCalls.ExpectStatusAsync(response, HttpStatusCode.UnprocessableEntity);
        Assert.Contains(status.Details!.Causes!, c => c.Field == "spec.ports[0].containerPort");
        Assert.Equal(revision, daemon.Store.Revision);
        Assert.Null(daemon.Store.Get(new ObjectKey("Service", "default", "good")));
    }

    [Fact]
    public async Task Batch_dry_run_reports_outcomes_without_writing()
    {
        var request = new BatchRequest { Operations = [new BatchOperation { Op = BatchOps.Create, Object = Manifests.Service("web") }] };

        using var response = await Http.SendJsonAsync(HttpMethod.Post, ApiPaths.Batch + "?dryRun=All", JsonSerializer.SerializeToNode(request, HomelabJson.Options));

        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("created", JsonSerializer.Deserialize<BatchResponse>(text, HomelabJson.Options)!.Results.Single().Outcome);
        Assert.Null(daemon.Store.Get(new ObjectKey("Service", "default", "web")));
    }

    [Fact]
    public async Task Batch_with_an_unknown_operation_names_it()
    {
        var body = new JsonObject { ["operations"] = new JsonArray(new JsonObject { ["op"] = "upsert", ["object"] = Manifests.Service("web") }) };

        using var response = await Http.SendJsonAsync(HttpMethod.Post, ApiPaths.Batch, body);

        var status = await ApiCalls.ExpectStatusAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("operations[0].op", status.Message);
    }

    [Fact]
    public async Task Events_are_listed_per_namespace_and_per_object()
    {
        daemon.Store.RecordEvent(new ObjectKey("Service", "default", "web"), "Warning", "PullFailed", "image not found", "service-controller");
        daemon.Store.RecordEvent(new ObjectKey("Service", "default", "web"), "Warning", "PullFailed", "image not found", "service-controller");
        daemon.Store.RecordEvent(new ObjectKey("Service", "default", "db"), "Normal", "Started", "container started", "service-controller");
        daemon.Store.RecordEvent(new ObjectKey("Service", "media", "player"), "Normal", "Started", "container started", "service-controller");

        var all = await GetEventsAsync(ApiPaths.Events(null));
        var inDefault = await GetEventsAsync(ApiPaths.Events("default"));
        var ofWeb = await GetEventsAsync(ApiPaths.Events("default") + "?kind=Service&name=web");

        Assert.Equal(3, all.Items.Count);
        Assert.Equal(2, inDefault.Items.Count);
        var web = Assert.Single(ofWeb.Items);
        Assert.Equal(2, web.Count);
        Assert.Equal("PullFailed", web.Reason);
        Assert.Equal("default", web.InvolvedObject.Namespace);
    }

    [Fact]
    public async Task Events_of_one_object_need_both_kind_and_name()
    {
        using var response = await Http.GetAsync(ApiPaths.Events("default") + "?kind=Service");

        await ApiCalls.ExpectStatusAsync(response, HttpStatusCode.BadRequest);
    }

    private async Task<BatchResponse> PostBatchAsync(BatchRequest request, HttpStatusCode expected)
    {
        using var response = await Http.SendJsonAsync(HttpMethod.Post, ApiPaths.Batch, JsonSerializer.SerializeToNode(request, HomelabJson.Options));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, text);
        return JsonSerializer.Deserialize<BatchResponse>(text, HomelabJson.Options)!;
    }

    private async Task<EventList> GetEventsAsync(string path)
    {
        using var response = await Http.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonSerializer.Deserialize<EventList>(text, HomelabJson.Options)!;
    }
}
