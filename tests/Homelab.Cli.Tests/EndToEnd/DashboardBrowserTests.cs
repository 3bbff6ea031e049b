using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;

namespace Homelab.Cli.Tests.EndToEnd;

/// <summary>
/// The status pages in a real browser (headless Debian chromium) against a real homelabd with --listen and --dashboard:
/// signing in with the token `hlctl dashboard` prints, a Service applied with hlctl appearing without a reload, the
/// policy graph and the "why not" box. Screenshots of each page go to the test output (screenshots/).
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class DashboardBrowserTests : IAsyncLifetime
{
    private readonly InstanceDaemon _host = InstanceDaemon.WithoutControllers("hltest-dashboard-", "--listen", $"127.0.0.1:{Kubectl.FreePort()}", "--dashboard");
    private ChromeDriver _browser = null!;
    private string _url = "";

    public async Task InitializeAsync()
    {
        await _host.Daemon.StartAsync();
        await ApplyAsync("policy.yaml", """
            apiVersion: homelab.dev/v1alpha1
            kind: Service
            metadata: {name: web, namespace: default, labels: {app: web}}
            spec: {image: 127.0.0.1:5000/busybox:latest, ports: [{containerPort: 80}]}
            ---
            apiVersion: homelab.dev/v1alpha1
            kind: Service
            metadata: {name: db, namespace: default, labels: {app: db}}
            spec: {image: 127.0.0.1:5000/busybox:latest, ports: [{containerPort: 5432}]}
            ---
            apiVersion: homelab.dev/v1alpha1
            kind: Service
            metadata: {name: other, namespace: default, labels: {app: other}}
            spec: {image: 127.0.0.1:5000/busybox:latest, ports: [{containerPort: 80}]}
            ---
            apiVersion: homelab.dev/v1alpha1
            kind: NetworkPolicy
            metadata: {name: db-from-web, namespace: default}
            spec:
              serviceSelector: {matchLabels: {app: db}}
              policyTypes: [Ingress]
              ingress:
                - from: [{serviceSelector: {matchLabels: {app: web}}}]
                  ports: [{protocol: TCP, port: 5432}]
            """);
        _browser = HeadlessChromium.Start(Path.Combine(_host.Dir, "chromium"));
        await SignInAsync();
    }

    public async Task DisposeAsync()
    {
        _browser?.Quit();
        _browser?.Dispose();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task A_service_applied_with_hlctl_appears_on_the_open_overview_without_a_reload()
    {
        _browser.Navigate().GoToUrl(_url + "/ui/");
        Wait().Until(d => d.FindElements(By.CssSelector("tr[data-service='default/web']")).Count == 1);
        HeadlessChromium.Screenshot(_browser, "overview");
        // A marker on the document: a reload would lose it.
        _browser.ExecuteScript("document.body.dataset.marker = 'same-page';");

        await ApplyAsync("late.yaml", """
            apiVersion: homelab.dev/v1alpha1
            kind: Service
            metadata: {name: late, namespace: default}
            spec: {image: 127.0.0.1:5000/busybox:latest}
            """);

        Wait().Until(d => d.FindElements(By.CssSelector("tr[data-service='default/late']")).Count == 1);
        Assert.Equal("same-page", _browser.ExecuteScript("return document.body.dataset.marker;"));
        HeadlessChromium.Screenshot(_browser, "overview-live");

        _browser.Manage().Window.Size = new System.Drawing.Size(390, 844);
        _browser.Navigate().Refresh();
        HeadlessChromium.Screenshot(_browser, "overview-phone");
    }

    [Fact]
    public void The_denied_pair_has_no_edge_and_why_not_names_the_policy()
    {
        _browser.Navigate().GoToUrl(_url + "/ui/network");
        Assert.Single(_browser.FindElements(By.CssSelector("svg a[data-edge='default/web>default/db']")));
        Assert.Empty(_browser.FindElements(By.CssSelector("svg a[data-edge='default/other>default/db']")));
        HeadlessChromium.Screenshot(_browser, "network");

        // Selecting the edge with the keyboard, as a user without a mouse would.
        var edge = _browser.FindElement(By.CssSelector("svg a[data-edge='default/web>default/db']"));
        edge.SendKeys(Keys.Enter);
        var selected = Wait().Until(d => d.FindElements(By.Id("edge")).FirstOrDefault());
        Assert.Contains("default/db-from-web", selected!.Text, StringComparison.Ordinal);

        _browser.FindElement(By.XPath("//select[@id='from']/option[.='default/other']")).Click();
        _browser.FindElement(By.XPath("//select[@id='to']/option[.='default/db']")).Click();
        _browser.FindElement(By.Id("port")).SendKeys("5432");
        _browser.FindElement(By.CssSelector("#whynot-form button")).Click();
        var answer = Wait().Until(d => d.FindElements(By.Id("whynot")).FirstOrDefault());
        Assert.Contains("denied", answer!.Text, StringComparison.Ordinal);
        Assert.Contains("db-from-web", answer.Text, StringComparison.Ordinal);
        HeadlessChromium.Screenshot(_browser, "network-why-not");
    }

    [Fact]
    public void Service_updates_and_host_pages_render()
    {
        foreach (var (path, name, heading) in new[] { ("/ui/services/default/db", "service", "default/db"), ("/ui/updates", "updates", "Updates"), ("/ui/host", "host", "Host") })
        {
            _browser.Navigate().GoToUrl(_url + path);
            Assert.Equal(heading, _browser.FindElement(By.TagName("h1")).Text);
            HeadlessChromium.Screenshot(_browser, name);
        }
    }

    private async Task SignInAsync()
    {
        var printed = await _host.Hl("dashboard");
        Assert.True(printed.ExitCode == 0, printed.ToString());
        var lines = printed.Out.Split('\n', StringSplitOptions.TrimEntries);
        _url = lines.Single(l => l.StartsWith("Status pages: ", StringComparison.Ordinal))["Status pages: ".Length..].TrimEnd('/')[..^"/ui".Length];
        var token = lines.Single(l => l.StartsWith("Sign in with the admin token: ", StringComparison.Ordinal))["Sign in with the admin token: ".Length..];

        await WaitForTlsListenerAsync();
        // Without the cookie a page sends the browser to the sign-in form.
        _browser.Navigate().GoToUrl(_url + "/ui/");
        // A page the browser could not load (its own error page) keeps the URL asked for: say what it showed.
        Assert.True(new Uri(_browser.Url).AbsolutePath.EndsWith("/ui/login", StringComparison.Ordinal),
            $"{_browser.Url}: {_browser.Title}\n{_browser.PageSource[..Math.Min(2000, _browser.PageSource.Length)]}\n{_host.Daemon.Log}");
        HeadlessChromium.Screenshot(_browser, "sign-in");
        _browser.FindElement(By.Id("token")).SendKeys(token);
        _browser.FindElement(By.CssSelector("form button")).Click();
        Wait().Until(d => new Uri(d.Url).AbsolutePath == "/ui/");
    }

    /// <summary>
    /// The sign-in form answers over TLS before the browser is sent there: the daemon reports ready on its Unix socket, and
    /// on a loaded machine the TLS listener can answer a moment later.
    /// </summary>
    private async Task WaitForTlsListenerAsync()
    {
        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(30);
        string last = "";
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var response = await http.GetAsync(_url + "/ui/login");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
                last = response.StatusCode.ToString();
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                last = e.Message;
            }
            await Task.Delay(200);
        }
        Assert.Fail($"{_url}/ui/login never answered: {last}\n{_host.Daemon.Log}");
    }

    private WebDriverWait Wait() => new(_browser, TimeSpan.FromSeconds(15));

    private async Task ApplyAsync(string name, string yaml)
    {
        var file = _host.Write(name, yaml);
        var applied = await _host.Hl("apply", "-f", file);
        Assert.True(applied.ExitCode == 0, applied.ToString());
    }
}
