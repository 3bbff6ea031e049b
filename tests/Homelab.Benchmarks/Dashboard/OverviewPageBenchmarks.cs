using System.Text;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Homelab.Api;
using Homelab.Api.Resources;
using Homelab.Benchmarks.Store;
using Homelab.Server.Dashboard;
using Homelab.Store;

namespace Homelab.Benchmarks.Dashboard;

/// <summary>
/// The overview page of 100 Services, each with a status (Ready or not with a reason, digest, restarts) and an
/// UpdatePolicy reporting an available image and an update history, rendered as GET /ui/ renders it: summaries read
/// from the store's snapshot, the table and the page shell. Baseline: reading the same 100 Services from the store,
/// the floor every page pays. The page's size is printed at setup (target: under 200 KB, under 100 ms).
/// </summary>
[MemoryDiagnoser]
public class OverviewPageBenchmarks
{
    private const int Services = 100;
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    private StoreFixture _fixture = null!;
    private ServiceSummaries _summaries = null!;

    [GlobalSetup]
    public void Setup()
    {
        _fixture = new StoreFixture(onDisk: false);
        _fixture.Seed(Services);
        var mutations = Enumerable.Range(0, Services).Select(i => Mutation.ReplaceStatus(StoreFixture.ServiceKey(i), Status(i))).ToList();
        mutations.Add(Mutation.Create(new ObjectKey("UpdatePolicy", ApiGroup.DefaultNamespace, "nightly"), UpdatePolicy()));
        _fixture.Store.Commit(mutations);
        _fixture.Store.Commit([Mutation.ReplaceStatus(new ObjectKey("UpdatePolicy", ApiGroup.DefaultNamespace, "nightly"), UpdateStatus())]);
        _summaries = new ServiceSummaries(_fixture.Store);
        Console.WriteLine($"// overview of {Services} Services: {Encoding.UTF8.GetByteCount(Overview())} bytes");
    }

    [GlobalCleanup]
    public void Cleanup() => _fixture.Dispose();

    [Benchmark(Baseline = true)]
    public int ReadServices() => _fixture.Store.List("Service").Items.Select(s => s.ToResource<Service>()).Count();

    [Benchmark]
    public string Overview()
    {
        var table = OverviewPage.Table(_summaries.List(), Now);
        return Layout.Page(OverviewPage.Title, Layout.Root + "/", Layout.Live(table, _fixture.Store.Revision, "/apis/homelab.dev/v1alpha1/services"));
    }

    private static JsonObject Status(int i) => new()
    {
        ["containerID"] = $"{i:x8}0123456789abcdef0123456789abcdef0123456789abcdef01234567",
        ["imageDigest"] = $"sha256:{i:x8}aaaaaaaabbbbbbbbccccccccddddddddeeeeeeeeffffffff00000000",
        ["restartCount"] = i % 7,
        ["conditions"] = new JsonArray(new JsonObject
        {
            ["type"] = "Ready",
            ["status"] = i % 10 == 3 ? "False" : "True",
            ["reason"] = i % 10 == 3 ? "Unhealthy" : "Running",
            ["message"] = i % 10 == 3 ? "health check failed 3 times: exit status 1" : "",
            ["lastTransitionTime"] = Now.AddMinutes(-i).ToString("O"),
        }),
    };

    private static JsonObject UpdatePolicy() => new()
    {
        ["apiVersion"] = ApiGroup.ApiVersion,
        ["kind"] = "UpdatePolicy",
        ["metadata"] = new JsonObject { ["name"] = "nightly", ["namespace"] = ApiGroup.DefaultNamespace },
        ["spec"] = new JsonObject { ["serviceSelector"] = new JsonObject(), ["schedule"] = "0 3 * * *" },
    };

    private static JsonObject UpdateStatus() => new()
    {
        ["services"] = new JsonArray(Enumerable.Range(0, Services).Select(i => (JsonNode)new JsonObject
        {
            ["service"] = $"{ApiGroup.DefaultNamespace}/svc-{i}",
            ["currentImage"] = "registry.local/app:1.0",
            ["availableImage"] = i % 4 == 0 ? "registry.local/app:1.1" : null,
            ["lastCheck"] = Now.AddHours(-1).ToString("O"),
            ["history"] = new JsonArray(new JsonObject
            {
                ["time"] = Now.AddDays(-1).ToString("O"),
                ["from"] = "registry.local/app:0.9",
                ["to"] = "registry.local/app:1.0",
                ["result"] = i % 9 == 0 ? "RolledBack" : "Updated",
            }),
        }).ToArray()),
    };
}
