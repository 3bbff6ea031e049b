using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Homelab.Server.Tests.Dashboard;

/// <summary>The status pages' HTML as served on the socket (no browser needed for what the markup says).</summary>
public sealed partial class DashboardPageTests : IAsyncLifetime
{
    private TestDaemon _daemon = null!;

    public async Task InitializeAsync()
    {
        _daemon = await TestDaemon.StartAsync(options: o => o.Dashboard = true);
        await DashboardFixture.ApplyAsync(_daemon.Http);
    }

    public async Task DisposeAsync() => await _daemon.DisposeAsync();

    [Fact]
    public async Task Overview_lists_every_service_with_its_image_and_a_live_region_watching_services()
    {
        var html = await PageAsync("/ui/");
        foreach (var name in new[] { "web", "db", "other" })
        {
            Assert.Contains($"data-service=\"default/{name}\"", html, StringComparison.Ordinal);
        }
        Assert.Contains("registry.local/db:2", html, StringComparison.Ordinal);
        Assert.Contains("0 of 3 Services ready", html, StringComparison.Ordinal);
        Assert.Matches("<div id=\"live\" aria-live=\"polite\" data-rv=\"\\d+\" data-watch=\"/apis/homelab.dev/v1alpha1/services\">", html);
        Assert.Contains("name=\"viewport\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Network_graph_draws_the_allowed_edge_and_no_edge_for_the_denied_pair()
    {
        var html = await PageAsync("/ui/network");
        Assert.Contains("data-edge=\"default/web&gt;default/db\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-edge=\"default/other&gt;default/db\"", html, StringComparison.Ordinal);
        // Neither web nor other is isolated, so they reach each other on their declared port.
        Assert.Contains("data-edge=\"default/other&gt;default/web\"", html, StringComparison.Ordinal);
        Assert.Contains("<svg", html, StringComparison.Ordinal);
        Assert.Contains("in: default-deny", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Selecting_an_edge_names_the_rule_that_allows_it()
    {
        var html = await PageAsync("/ui/network?edge=" + Uri.EscapeDataString("default/web>default/db"));
        var section = SelectedSection().Match(html);
        Assert.True(section.Success, html);
        Assert.Contains("TCP/5432", section.Value, StringComparison.Ordinal);
        Assert.Contains(DashboardFixture.Policy, section.Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Why_not_names_the_policy_that_isolates_the_destination()
    {
        var html = await PageAsync("/ui/network?from=default%2Fother&to=default%2Fdb&port=5432&protocol=TCP");
        var answer = WhyNotAnswer().Match(html);
        Assert.True(answer.Success, html);
        Assert.Contains("denied", answer.Value, StringComparison.Ordinal);
        Assert.Contains(DashboardFixture.Policy, answer.Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Service_page_shows_access_and_the_host_page_the_preflight()
    {
        var service = await PageAsync("/ui/services/default/db");
        Assert.Contains("default-deny</span> by default/" + DashboardFixture.Policy, service, StringComparison.Ordinal);
        Assert.Contains("no UpdatePolicy selects this Service", service, StringComparison.Ordinal);
        var host = await PageAsync("/ui/host");
        Assert.Contains("Preflight", host, StringComparison.Ordinal);
        using var missing = await _daemon.Http.GetAsync("/ui/services/default/nope");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task An_update_policys_report_shows_on_the_overview_the_updates_page_and_the_service_page()
    {
        await _daemon.Http.CreateAsync(new JsonObject
        {
            ["apiVersion"] = "homelab.dev/v1alpha1",
            ["kind"] = "UpdatePolicy",
            ["metadata"] = new JsonObject { ["name"] = "nightly", ["namespace"] = "default" },
            ["spec"] = new JsonObject { ["serviceSelector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = "db" } }, ["interval"] = "1h" },
        });
        // What UpdatePolicyController reports: one entry per selected Service, keyed "namespace/name".
        using var status = await _daemon.Http.SendJsonAsync(HttpMethod.Patch, "/apis/homelab.dev/v1alpha1/namespaces/default/updatepolicies/nightly/status", new JsonObject
        {
            ["status"] = new JsonObject
            {
                ["services"] = new JsonArray(new JsonObject
                {
                    ["service"] = "default/db",
                    ["currentImage"] = "registry.local/db:2",
                    ["availableImage"] = "registry.local/db:3",
                    ["lastCheck"] = "2026-12-07T00:00:00Z",
                    ["lastResult"] = "UpdateAvailable",
                    ["history"] = new JsonArray(new JsonObject
                    {
                        ["time"] = "2026-12-06T03:00:00Z",
                        ["from"] = "registry.local/db:2",
                        ["to"] = "registry.local/db:2.1",
                        ["result"] = "RolledBack",
                        ["reason"] = "health check failed after the update",
                    }),
                }),
            },
        }, "application/merge-patch+json");
        Assert.Equal(HttpStatusCode.OK, status.StatusCode);

        var overview = await PageAsync("/ui/");
        Assert.Contains("update available: registry.local/db:3", overview, StringComparison.Ordinal);
        var updates = await PageAsync("/ui/updates");
        Assert.Contains("1 of 3 Services are kept up to date by an UpdatePolicy; 1 have an update available.", updates, StringComparison.Ordinal);
        Assert.Matches("default/db</a></th><td>nightly</td>.*<td>1</td></tr>", updates);
        var service = await PageAsync("/ui/services/default/db");
        Assert.Contains("health check failed after the update", service, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Routes_show_their_urls_and_certificate_expiry_on_the_overview_and_the_service_page()
    {
        var now = DateTimeOffset.UtcNow;
        await _daemon.Http.CreateAsync(Manifests.Route("db-admin", backend: "db", hostname: "db.home.arpa"));
        await _daemon.Http.CreateAsync(Manifests.Route("web", backend: "web", hostname: "web.home.arpa"));
        await _daemon.Http.WriteRouteStatusAsync("default", "db-admin", Manifests.RouteStatus("https://db.home.arpa", now.AddDays(80)));
        await _daemon.Http.WriteRouteStatusAsync("default", "web", Manifests.RouteStatus("https://web.home.arpa:8443", now.AddDays(10).AddHours(-1)));

        var overview = await PageAsync("/ui/");
        var db = Row(overview, "default/db");
        Assert.Contains("<a href=\"https://db.home.arpa\">https://db.home.arpa</a> <span class=\"muted\"", db, StringComparison.Ordinal);
        Assert.Contains("certificate until " + now.AddDays(80).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), db, StringComparison.Ordinal);
        var web = Row(overview, "default/web");
        Assert.Contains("<a href=\"https://web.home.arpa:8443\">", web, StringComparison.Ordinal);
        Assert.Matches("<span class=\"warn\" data-not-after=\"[^\"]+\">certificate until [^<]+ \\(in 10d\\)</span>", web);
        Assert.Contains("<td><span class=\"muted\">none</span></td></tr>", Row(overview, "default/other"), StringComparison.Ordinal);

        var service = await PageAsync("/ui/services/default/db");
        Assert.Contains("<tr data-route=\"default/db-admin\"><th scope=\"row\">db-admin</th>", service, StringComparison.Ordinal);
        Assert.Contains("Programmed=True", service, StringComparison.Ordinal);
        Assert.DoesNotContain("web.home.arpa", service, StringComparison.Ordinal);
        var other = await PageAsync("/ui/services/default/other");
        Assert.Contains("no Route sends traffic to this Service", other, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_expired_certificate_and_a_route_without_a_url_yet_say_so()
    {
        await _daemon.Http.CreateAsync(Manifests.Route("db-admin", backend: "db", hostname: "db.home.arpa"));
        await _daemon.Http.CreateAsync(Manifests.Route("web", backend: "web", hostname: "web.home.arpa"));
        await _daemon.Http.WriteRouteStatusAsync("default", "db-admin", Manifests.RouteStatus("https://db.home.arpa", DateTimeOffset.UtcNow.AddDays(-1)));

        var overview = await PageAsync("/ui/");
        Assert.Matches("<span class=\"bad\" data-not-after=\"[^\"]+\">certificate expired ", Row(overview, "default/db"));
        Assert.Contains("route web: no URL yet", Row(overview, "default/web"), StringComparison.Ordinal);
    }

    private static string Row(string html, string service)
    {
        var row = Regex.Match(html, $"<tr data-service=\"{Regex.Escape(service)}\">.*?</tr>", RegexOptions.Singleline);
        Assert.True(row.Success, html);
        return row.Value;
    }

    private async Task<string> PageAsync(string path)
    {
        using var response = await _daemon.Http.GetAsync(path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("text/html; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        return await response.Content.ReadAsStringAsync();
    }

    [GeneratedRegex("<section id=\"edge\".*?</section>", RegexOptions.Singleline)]
    private static partial Regex SelectedSection();

    [GeneratedRegex("<div id=\"whynot\".*?</div>", RegexOptions.Singleline)]
    private static partial Regex WhyNotAnswer();
}
