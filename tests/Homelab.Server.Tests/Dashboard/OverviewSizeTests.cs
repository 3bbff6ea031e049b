using System.Net;
using System.Text.Json.Nodes;

namespace Homelab.Server.Tests.Dashboard;

/// <summary>What a phone downloads for the overview of a large homelab (the render time is a benchmark: tests/bench/dashboard-bench.md).</summary>
public sealed class OverviewSizeTests : IAsyncLifetime
{
    private const int Services = 100;
    private TestDaemon _daemon = null!;

    public async Task InitializeAsync() => _daemon = await TestDaemon.StartAsync(options: o => o.Dashboard = true);

    public async Task DisposeAsync() => await _daemon.DisposeAsync();

    [Fact]
    public async Task The_overview_of_100_services_with_status_transfers_under_200_KB()
    {
        for (var i = 0; i < Services; i++)
        {
            var name = $"service-{i:D3}";
            await _daemon.Http.CreateAsync(Manifests.Service(name, image: $"registry.local/team/application-{i}:1.{i}"));
            using var status = await _daemon.Http.SendJsonAsync(HttpMethod.Patch, ApiCalls.ServicesPath("default", name) + "/status", new JsonObject
            {
                ["status"] = new JsonObject
                {
                    ["imageDigest"] = "sha256:" + new string((char)('a' + i % 6), 64),
                    ["restartCount"] = i % 5,
                    ["conditions"] = new JsonArray(new JsonObject
                    {
                        ["type"] = "Ready",
                        ["status"] = i % 10 == 0 ? "False" : "True",
                        ["reason"] = i % 10 == 0 ? "Unhealthy" : "Running",
                        ["message"] = i % 10 == 0 ? "health check failed 3 times in a row: exit status 1" : "",
                        ["lastTransitionTime"] = "2026-12-07T00:00:00Z",
                    }),
                },
            }, "application/merge-patch+json");
            Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        }

        using var response = await _daemon.Http.GetAsync("/ui/");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var html = System.Text.Encoding.UTF8.GetString(bytes);
        Assert.Equal(Services, html.Split("<tr data-service=", StringSplitOptions.None).Length - 1);
        Assert.Contains("90 of 100 Services ready", html, StringComparison.Ordinal);
        Assert.Contains("health check failed 3 times in a row", html, StringComparison.Ordinal);
        Assert.True(bytes.Length < 200 * 1024, $"the overview of {Services} Services is {bytes.Length} bytes");
    }
}
