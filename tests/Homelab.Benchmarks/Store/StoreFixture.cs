using System.Text.Json.Nodes;
using Homelab.Api;
using Homelab.Store;
using Homelab.Store.Admission;

namespace Homelab.Benchmarks.Store;

/// <summary>A real store (on a temp directory or in memory) with the daemon's admission chain, and the objects the benchmarks write.</summary>
internal sealed class StoreFixture : IDisposable
{
    private readonly string? _dataDir;

    public StoreFixture(bool onDisk)
    {
        if (onDisk)
        {
            _dataDir = Path.Combine(Path.GetTempPath(), "hlbench-store-" + Guid.NewGuid().ToString("N"));
            Store = LiteDbResourceStore.OpenFile(new StoreOptions { DataDir = _dataDir }, new ResourceAdmission(), TimeProvider.System);
        }
        else
        {
            Store = LiteDbResourceStore.InMemory(new ResourceAdmission(), TimeProvider.System);
        }
    }

    public LiteDbResourceStore Store { get; }

    public static ObjectKey ServiceKey(int i) => new("Service", ApiGroup.DefaultNamespace, $"svc-{i}");

    public static JsonObject Service(int i, string image) => new()
    {
        ["apiVersion"] = ApiGroup.ApiVersion,
        ["kind"] = "Service",
        ["metadata"] = new JsonObject
        {
            ["name"] = $"svc-{i}",
            ["namespace"] = ApiGroup.DefaultNamespace,
            ["labels"] = new JsonObject { ["app"] = $"svc-{i}", ["tier"] = i % 10 == 0 ? "front" : "back" },
        },
        ["spec"] = new JsonObject
        {
            ["image"] = image,
            ["ports"] = new JsonArray(new JsonObject { ["name"] = "http", ["containerPort"] = 8080 }),
            ["env"] = new JsonArray(new JsonObject { ["name"] = "MODE", ["value"] = "production" }),
        },
    };

    /// <summary>Creates services 0..count-1 in batches, as an apply would.</summary>
    public void Seed(int count, int batchSize = 500)
    {
        for (var start = 0; start < count; start += batchSize)
        {
            var mutations = Enumerable.Range(start, Math.Min(batchSize, count - start))
                .Select(i => Mutation.Create(ServiceKey(i), Service(i, "registry.local/app:1.0")))
                .ToList();
            Store.Commit(mutations);
        }
    }

    public void Dispose()
    {
        Store.Dispose();
        if (_dataDir is not null && Directory.Exists(_dataDir))
        {
            Directory.Delete(_dataDir, recursive: true);
        }
    }
}
