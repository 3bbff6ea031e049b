using System.Text.Json.Nodes;

namespace Homelab.Server.Tests.Dashboard;

/// <summary>Three Services (web, db, other) and a policy that lets only web reach db's port 5432.</summary>
internal static class DashboardFixture
{
    public const string Policy = "db-from-web";

    public static async Task ApplyAsync(HttpClient http)
    {
        await http.CreateAsync(Manifests.Service("web", labels: new Dictionary<string, string> { ["app"] = "web" }));
        await http.CreateAsync(Manifests.Service("db", image: "registry.local/db:2", containerPort: 5432, labels: new Dictionary<string, string> { ["app"] = "db" }));
        await http.CreateAsync(Manifests.Service("other", labels: new Dictionary<string, string> { ["app"] = "other" }));
        await http.CreateAsync(new JsonObject
        {
            ["apiVersion"] = "homelab.dev/v1alpha1",
            ["kind"] = "NetworkPolicy",
            ["metadata"] = new JsonObject { ["name"] = Policy, ["namespace"] = "default" },
            ["spec"] = new JsonObject
            {
                ["serviceSelector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = "db" } },
                ["policyTypes"] = new JsonArray("Ingress"),
                ["ingress"] = new JsonArray(new JsonObject
                {
                    ["from"] = new JsonArray(new JsonObject { ["serviceSelector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = "web" } } }),
                    ["ports"] = new JsonArray(new JsonObject { ["protocol"] = "TCP", ["port"] = 5432 }),
                }),
            },
        });
    }
}
