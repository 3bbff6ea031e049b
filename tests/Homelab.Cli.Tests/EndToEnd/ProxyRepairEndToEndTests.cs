using System.Globalization;
using System.Text.Json.Nodes;
using Homelab.TestKit;

namespace Homelab.Cli.Tests.EndToEnd;

/// <summary>
/// The proxy's config kept true against the real Caddy: changed behind homelabd's back it is loaded again within one
/// resync (10 s here), and a config Caddy refuses leaves the old one serving while the Routes say why. The refusal is
/// provoked for real: the key file of a served certificate is damaged on disk (which homelabd does not re-read while the
/// certificate itself is sound), so the next load, made by a new Route, fails in Caddy's certificate loading.
/// </summary>
[Collection(PodmanHostCollection.Name)]
[Trait("Category", "Integration")]
public sealed class ProxyRepairEndToEndTests : IAsyncLifetime
{
    private const string Image = PodmanHostFixture.Registry + "/homelab/caddy:2.8";
    private static readonly TimeSpan Resync = TimeSpan.FromSeconds(10);

    private readonly InstanceDaemon _host = new("all", "hltest-proxyrepair-", "--resync-period", "10s");
    private readonly int _http = Loopback.FreePort();
    private readonly int _https = Loopback.FreePort();

    private string Ns => _host.Name;

    private string Host => $"web.{Ns}.home.arpa";

    private string AdminSocket => Path.Combine(_host.Daemon.DataDir, "proxy", "admin.sock");

    public Task InitializeAsync()
    {
        _host.Daemon.Environment["Proxy__HttpPort"] = _http.ToString(CultureInfo.InvariantCulture);
        _host.Daemon.Environment["Proxy__HttpsPort"] = _https.ToString(CultureInfo.InvariantCulture);
        _host.Daemon.Environment["Proxy__HostIP"] = "127.0.0.1";
        _host.Daemon.Environment["Proxy__Namespace"] = _host.Name + "-proxy";
        return _host.Daemon.StartAsync();
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private Task<ProcessResult> Hl(params string[] args) => Hlctl.RunAsync(_host.Daemon.Socket, args);

    private async Task<string> ApplyAndTrustAsync(string manifests)
    {
        var file = Path.Combine(_host.Dir, "homelab.yaml");
        await File.WriteAllTextAsync(file, manifests);
        var apply = await Hl("apply", "-f", file, "--wait", "--timeout", "80s");
        Assert.True(apply.ExitCode == 0, apply.Err + apply.Out + _host.Daemon.Log);
        var caFile = Path.Combine(_host.Dir, "ca.pem");
        await File.WriteAllTextAsync(caFile, (await Hl("get", "issuer", "home-ca", "-o", "jsonpath={.status.ca}")).Out);
        return caFile;
    }

    private async Task<HostCommandResult> CurlAsync(string caFile) =>
        await HostCommand.ExecAsync(["curl", "-sS", "--max-time", "5", "--resolve", $"{Host}:{_https}:127.0.0.1", "--cacert", caFile, $"https://{Host}:{_https}/"]);

    private static bool Serves(HostCommandResult curl) => curl.ExitCode == 0 && curl.StandardOutput.Contains("homelab/caddy:2.8", StringComparison.Ordinal);

    private async Task<JsonNode> ConditionAsync(string route, string type) =>
        JsonNode.Parse((await Hl("get", "route", route, "-n", Ns, "-o", "json")).Out)!["status"]!["conditions"]!.AsArray().Single(c => c!["type"]!.GetValue<string>() == type)!;

    [Fact]
    public async Task A_config_changed_behind_homelabds_back_is_loaded_again_within_one_resync()
    {
        var caFile = await ApplyAndTrustAsync(Manifests());
        Assert.True(Serves(await CurlAsync(caFile)), _host.Daemon.Log);

        // Another config through Caddy's admin socket: the admin block kept, no routes, no HTTPS listener.
        var drifted = """{"admin":{"listen":"unix//data/admin.sock","origins":["caddy-admin"]},"apps":{"http":{"servers":{"http":{"listen":[":8080"],"routes":[]}}}}}""";
        await HostCommand.RunAsync("curl", "-sS", "--fail", "--unix-socket", AdminSocket, "-H", "Content-Type: application/json", "-d", drifted, "http://caddy-admin/load");
        Assert.False(Serves(await CurlAsync(caFile)));

        await Eventually.TrueAsync(async () => Serves(await CurlAsync(caFile)), Resync * 2);
        var held = JsonNode.Parse(await HostCommand.RunAsync("curl", "-sS", "--unix-socket", AdminSocket, "http://caddy-admin/config/"))!;
        Assert.NotNull(held["apps"]!["http"]!["servers"]!["https"]);
        Assert.Contains("Loaded the proxy's config (it held another)", _host.Daemon.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_config_the_proxy_refuses_leaves_the_old_routes_serving_and_the_routes_say_why()
    {
        var caFile = await ApplyAndTrustAsync(Manifests());
        Assert.True(Serves(await CurlAsync(caFile)), _host.Daemon.Log);
        var before = await HostCommand.RunAsync("curl", "-sS", "--unix-socket", AdminSocket, "http://caddy-admin/config/");

        await File.WriteAllTextAsync(Path.Combine(_host.Daemon.DataDir, "proxy", "certs", $"{Ns}_web.key"), "not a key\n");
        await File.WriteAllTextAsync(Path.Combine(_host.Dir, "second.yaml"), SecondRoute());
        Assert.Equal(0, (await Hl("apply", "-f", Path.Combine(_host.Dir, "second.yaml"))).ExitCode);

        var refused = await Eventually.FirstAsync(() =>
        {
            var programmed = ConditionAsync("web", "Programmed").GetAwaiter().GetResult();
            return programmed["status"]!.GetValue<string>() == "False" ? programmed : null;
        }, TimeSpan.FromSeconds(60));
        Assert.Equal("Invalid", refused["reason"]!.GetValue<string>());
        var message = refused["message"]!.GetValue<string>();
        Assert.StartsWith("the proxy refused the config and keeps serving its previous one: ", message, StringComparison.Ordinal);
        Assert.Contains("certificate", message, StringComparison.OrdinalIgnoreCase); // Caddy's own reason
        var second = await ConditionAsync("plain", "Programmed");
        Assert.Equal(("False", "Invalid"), (second["status"]!.GetValue<string>(), second["reason"]!.GetValue<string>()));
        Assert.Matches(@"Warning\s+Invalid\s+route/web\s", (await Hl("events", "-n", Ns)).Out);

        // Caddy kept its previous config: the first Route is served, the new one is not.
        Assert.Equal(before, await HostCommand.RunAsync("curl", "-sS", "--unix-socket", AdminSocket, "http://caddy-admin/config/"));
        Assert.True(Serves(await CurlAsync(caFile)), _host.Daemon.Log);
        var plain = await HostCommand.ExecAsync(["curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}", "--resolve", $"plain.{Ns}.home.arpa:{_http}:127.0.0.1", $"http://plain.{Ns}.home.arpa:{_http}/"]);
        Assert.Equal("404", plain.StandardOutput);
    }

    private string Manifests() => $"""
        apiVersion: homelab.dev/v1alpha1
        kind: Namespace
        metadata: {"{"}name: {Ns}{"}"}
        ---
        apiVersion: homelab.dev/v1alpha1
        kind: Service
        metadata: {"{"}name: web, namespace: {Ns}{"}"}
        spec:
          image: {Image}
          env: [{"{"}name: PORT, value: "8080"{"}"}]
          ports: [{"{"}name: http, containerPort: 8080{"}"}]
        ---
        apiVersion: homelab.dev/v1alpha1
        kind: Issuer
        metadata: {"{"}name: home-ca{"}"}
        spec:
          internal: {"{"}duration: 720h{"}"}
        ---
        apiVersion: homelab.dev/v1alpha1
        kind: Route
        metadata: {"{"}name: web, namespace: {Ns}{"}"}
        spec:
          hostnames: [{Host}]
          rules:
            - backendRefs: [{"{"}name: web, port: http{"}"}]
          tls: {"{"}issuerRef: {"{"}name: home-ca{"}"}{"}"}

        """;

    private string SecondRoute() => $"""
        apiVersion: homelab.dev/v1alpha1
        kind: Route
        metadata: {"{"}name: plain, namespace: {Ns}{"}"}
        spec:
          hostnames: [plain.{Ns}.home.arpa]
          rules:
            - backendRefs: [{"{"}name: web, port: 8080{"}"}]

        """;
}
