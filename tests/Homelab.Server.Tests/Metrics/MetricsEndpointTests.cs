using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Homelab.Api.Resources;
using Homelab.Operator;
using Homelab.Server.Hosting;
using Homelab.TestKit;
using Microsoft.Extensions.DependencyInjection;

namespace Homelab.Server.Tests.Metrics;

/// <summary>
/// /metrics of a real homelabd host in this process, with one scripted Service controller, so each reconcile's result
/// is chosen by the test: the controller-runtime counters, the object gauges from Service status, and promtool's lint.
/// </summary>
public sealed class MetricsEndpointTests : IAsyncLifetime
{
    private const string Controller = "scripted";
    private readonly ScriptedController<Service> _controller = new(TimeProvider.System);
    private TestDaemon _daemon = null!;

    public async Task InitializeAsync()
    {
        var catalog = new ControllerCatalog().Add(Controller, services =>
        {
            services.AddSingleton(_controller);
            services.AddHomelabOperator().AddController<ScriptedController<Service>, Service>(o => o.Name = Controller);
        });
        _daemon = await TestDaemon.StartAsync(options: o => o.Controllers = Controller, catalog: catalog);
    }

    public async Task DisposeAsync() => await _daemon.DisposeAsync();

    [Fact]
    public async Task Reconcile_counters_move_after_a_success_a_failure_and_an_exception_and_promtool_accepts_the_text()
    {
        await _daemon.Http.CreateAsync(Manifests.Service("web"));
        await Eventually.TrueAsync(async () => (await ScrapedMetrics.ScrapeAsync(_daemon.Http)).Value(Total("success")) >= 1);
        var before = await ScrapedMetrics.ScrapeAsync(_daemon.Http);

        _controller.OnReconcile = (_, _) => Task.FromResult(ReconcileResult.Failure("Broken", "scripted failure", retryAfter: TimeSpan.FromHours(1)));
        await PatchLabelAsync("web", "try", "1");
        await Eventually.TrueAsync(async () => (await ScrapedMetrics.ScrapeAsync(_daemon.Http)).Value(Total("error")) > before.Value(Total("error")));

        _controller.OnReconcile = (_, _) => throw new InvalidOperationException("scripted exception");
        await PatchLabelAsync("web", "try", "2");
        await Eventually.TrueAsync(async () => (await ScrapedMetrics.ScrapeAsync(_daemon.Http)).Value($"controller_runtime_reconcile_panics_total{{controller=\"{Controller}\"}}") >= 1);

        var after = await ScrapedMetrics.ScrapeAsync(_daemon.Http);
        Assert.Equal(before.Value(Total("error")) + 2, after.Value(Total("error")));
        Assert.Equal(after.Value(Total("error")), after.Value($"controller_runtime_reconcile_errors_total{{controller=\"{Controller}\"}}"));
        Assert.True(after.Value($"controller_runtime_reconcile_time_seconds_count{{controller=\"{Controller}\"}}") >= 3);
        Assert.True(after.Value($"workqueue_adds_total{{name=\"{Controller}\",controller=\"{Controller}\"}}") >= 3);
        Assert.True(after.Value($"workqueue_retries_total{{name=\"{Controller}\",controller=\"{Controller}\"}}") >= 1);
        Assert.True(after.Value($"workqueue_work_duration_seconds_count{{name=\"{Controller}\",controller=\"{Controller}\"}}") >= 3);
        Assert.True(after.Samples.ContainsKey($"workqueue_depth{{name=\"{Controller}\",controller=\"{Controller}\"}}"));
        Assert.True(after.Samples.ContainsKey($"workqueue_longest_running_processor_seconds{{name=\"{Controller}\",controller=\"{Controller}\"}}"));
        Assert.Equal(1, after.Value($"controller_runtime_max_concurrent_reconciles{{controller=\"{Controller}\"}}"));
        foreach (var name in new[] { "process_cpu_seconds_total", "process_resident_memory_bytes", "process_virtual_memory_bytes", "process_open_fds", "process_max_fds", "process_start_time_seconds" })
        {
            Assert.True(after.Value(name) > 0, name);
        }
        await Promtool.CheckMetricsAsync(after.Text);
    }

    [Fact]
    public async Task Service_object_metrics_follow_its_status_restarts_included()
    {
        await _daemon.Http.CreateAsync(Manifests.Service("db", image: "registry.local/db:2"));
        await WriteStatusAsync("db", restarts: 0);
        var first = await ScrapedMetrics.ScrapeAsync(_daemon.Http);
        Assert.Equal(1, first.Value("homelab_service_info{namespace=\"default\",service=\"db\",image=\"registry.local/db:2\",digest=\"sha256:feed\"}"));
        Assert.Equal(1, first.Value("homelab_service_status_condition{namespace=\"default\",service=\"db\",condition=\"Ready\",status=\"true\"}"));
        Assert.Equal(0, first.Value("homelab_service_status_condition{namespace=\"default\",service=\"db\",condition=\"Ready\",status=\"false\"}"));
        Assert.Equal(1, first.Value("homelab_service_health_status{namespace=\"default\",service=\"db\",status=\"none\"}"));
        Assert.Equal(0, first.Value("homelab_service_container_restarts_total{namespace=\"default\",service=\"db\"}"));

        await WriteStatusAsync("db", restarts: 3);
        var second = await ScrapedMetrics.ScrapeAsync(_daemon.Http);
        Assert.Equal(3, second.Value("homelab_service_container_restarts_total{namespace=\"default\",service=\"db\"}"));
        Assert.True(second.Value("homelab_store_revision") > first.Value("homelab_store_revision"));

        using var deleted = await _daemon.Http.DeleteAsync(ApiCalls.ServicesPath("default", "db"));
        await Eventually.TrueAsync(async () => !(await ScrapedMetrics.ScrapeAsync(_daemon.Http)).Text.Contains("service=\"db\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Route_metrics_carry_each_certificates_expiry_and_the_routes_conditions()
    {
        var notAfter = DateTimeOffset.Parse("2027-03-01T12:00:00Z", CultureInfo.InvariantCulture);
        await _daemon.Http.CreateAsync(Manifests.Route("photos", backend: "photos", hostname: "photos.home.arpa"));
        await _daemon.Http.CreateAsync(Manifests.Route("plain", backend: "web", hostname: "web.home.arpa"));
        await _daemon.Http.WriteRouteStatusAsync("default", "photos", Manifests.RouteStatus("https://photos.home.arpa", notAfter));
        await _daemon.Http.WriteRouteStatusAsync("default", "plain", Manifests.RouteStatus("http://web.home.arpa", notAfter: null));

        var scraped = await ScrapedMetrics.ScrapeAsync(_daemon.Http);
        Assert.Equal(notAfter.ToUnixTimeSeconds(), scraped.Value("homelab_route_certificate_expiry_timestamp_seconds{namespace=\"default\",route=\"photos\"}"));
        Assert.DoesNotContain("homelab_route_certificate_expiry_timestamp_seconds{namespace=\"default\",route=\"plain\"}", scraped.Text, StringComparison.Ordinal);
        Assert.Equal(1, scraped.Value("homelab_route_status_condition{namespace=\"default\",route=\"plain\",condition=\"Programmed\",status=\"true\"}"));
        Assert.Equal(0, scraped.Value("homelab_route_status_condition{namespace=\"default\",route=\"photos\",condition=\"Programmed\",status=\"false\"}"));
        await Promtool.CheckMetricsAsync(scraped.Text);

        using var deleted = await _daemon.Http.DeleteAsync(ApiCalls.RoutesPath("default", "photos"));
        await Eventually.TrueAsync(async () => !(await ScrapedMetrics.ScrapeAsync(_daemon.Http)).Text.Contains("route=\"photos\"", StringComparison.Ordinal));
    }

    private static string Total(string result) => $"controller_runtime_reconcile_total{{controller=\"{Controller}\",result=\"{result}\"}}";

    private async Task PatchLabelAsync(string name, string key, string value)
    {
        var patch = new JsonObject { ["metadata"] = new JsonObject { ["labels"] = new JsonObject { [key] = value } } };
        using var response = await _daemon.Http.SendJsonAsync(HttpMethod.Patch, ApiCalls.ServicesPath("default", name), patch, "application/merge-patch+json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task WriteStatusAsync(string name, int restarts)
    {
        var status = new JsonObject
        {
            ["status"] = new JsonObject
            {
                ["imageDigest"] = "sha256:feed",
                ["restartCount"] = restarts,
                ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = "True", ["reason"] = "Running", ["message"] = "", ["lastTransitionTime"] = "2026-12-07T00:00:00Z" }),
            },
        };
        using var response = await _daemon.Http.SendJsonAsync(HttpMethod.Patch, ApiCalls.ServicesPath("default", name) + "/status", status, "application/merge-patch+json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
