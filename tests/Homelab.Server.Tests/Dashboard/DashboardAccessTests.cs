using System.Net;
using System.Net.Http.Json;
using Homelab.Api.Protocol;
using Homelab.Server.Tests.Kubernetes;

namespace Homelab.Server.Tests.Dashboard;

/// <summary>
/// Who gets the status pages and /metrics on the TLS listener: the admin token as a bearer header, or a browser's
/// sign-in cookie for reads only; the pages are off unless homelabd runs with --dashboard.
/// </summary>
public sealed class DashboardAccessTests : IAsyncLifetime
{
    private TestDaemon _daemon = null!;
    private KubeconfigInfo _info = null!;

    public async Task InitializeAsync()
    {
        _daemon = await TestDaemon.StartAsync(options: o =>
        {
            o.Listen = $"127.0.0.1:{TlsClients.FreePort()}";
            o.Dashboard = true;
        });
        _info = await TlsClients.KubeconfigAsync(_daemon);
    }

    public async Task DisposeAsync() => await _daemon.DisposeAsync();

    [Fact]
    public async Task A_browser_without_the_cookie_is_sent_to_sign_in_and_a_wrong_token_is_refused()
    {
        using var browser = TlsClients.Create(_info, token: null, browser: true);
        using var page = await browser.GetAsync("/ui/network");
        Assert.Equal(HttpStatusCode.SeeOther, page.StatusCode);
        Assert.Equal("/ui/login", page.Headers.Location?.OriginalString);
        using var form = await browser.GetAsync("/ui/login");
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        Assert.Contains("name=\"token\"", await form.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var wrong = await SignInAsync(browser, _info.Token[..^1] + (_info.Token[^1] == '0' ? '1' : '0'));
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.False(wrong.Headers.Contains("Set-Cookie"));
        using var stillOut = await browser.GetAsync("/ui/");
        Assert.Equal(HttpStatusCode.SeeOther, stillOut.StatusCode);

        // An API client without the token gets the apiserver's 401, not a redirect to a form.
        using var api = await browser.GetAsync(ApiPaths.Version);
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
    }

    [Fact]
    public async Task Signing_in_sets_an_http_only_secure_strict_cookie_that_reads_pages_and_metrics_but_never_writes()
    {
        using var browser = TlsClients.Create(_info, token: null, browser: true);
        using var signedIn = await SignInAsync(browser, _info.Token);
        Assert.Equal(HttpStatusCode.SeeOther, signedIn.StatusCode);
        var cookie = Assert.Single(signedIn.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith("homelab_token=", cookie, StringComparison.Ordinal);
        foreach (var attribute in new[] { "httponly", "secure", "samesite=strict", "path=/" })
        {
            Assert.Contains(attribute, cookie, StringComparison.OrdinalIgnoreCase);
        }

        using var overview = await browser.GetAsync("/ui/");
        Assert.Equal(HttpStatusCode.OK, overview.StatusCode);
        Assert.Contains("frame-ancestors 'none'", overview.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        using var metrics = await browser.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);

        using var create = await browser.PostAsync("/api/v1/namespaces", JsonContent.Create(new { apiVersion = "v1", kind = "Namespace", metadata = new { name = "through-cookie" } }));
        Assert.Equal(HttpStatusCode.Unauthorized, create.StatusCode);
        using var delete = await browser.DeleteAsync("/apis/homelab.dev/v1alpha1/namespaces/default/services/web");
        Assert.Equal(HttpStatusCode.Unauthorized, delete.StatusCode);
    }

    [Fact]
    public async Task Metrics_over_tls_need_the_token_and_come_in_the_prometheus_text_format()
    {
        using var anonymous = TlsClients.Create(_info, token: null);
        using var refused = await anonymous.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

        using var scraper = TlsClients.Create(_info, _info.Token);
        using var scraped = await scraper.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, scraped.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", scraped.Content.Headers.ContentType?.ToString());
        Assert.Contains("# TYPE process_start_time_seconds gauge", await scraped.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_dashboard_there_are_no_pages_and_no_sign_in()
    {
        await using var plain = await TestDaemon.StartAsync(options: o => o.Listen = $"127.0.0.1:{TlsClients.FreePort()}");
        using var onSocket = await plain.Http.GetAsync("/ui/");
        Assert.Equal(HttpStatusCode.NotFound, onSocket.StatusCode);
        using var browser = TlsClients.Create(await TlsClients.KubeconfigAsync(plain), token: null, browser: true);
        using var signIn = await SignInAsync(browser, "anything");
        Assert.Equal(HttpStatusCode.Unauthorized, signIn.StatusCode);
        using var page = await browser.GetAsync("/ui/");
        Assert.Equal(HttpStatusCode.Unauthorized, page.StatusCode);
    }

    private static Task<HttpResponseMessage> SignInAsync(HttpClient browser, string token) =>
        browser.PostAsync("/ui/login", new FormUrlEncodedContent([new("token", token)]));
}
