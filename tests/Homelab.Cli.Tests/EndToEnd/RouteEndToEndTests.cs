using System.Text.Json.Nodes;
using Homelab.TestKit;

namespace Homelab.Cli.Tests.EndToEnd;

/// <summary>
/// Routes through the real proxy: homelabd (all controllers, its own instance) runs Caddy from the locally built image
/// (src/Homelab.Server/dist/build-proxy-image.sh) as a Service of its own namespace, published on free high ports, and
/// a Route answers over HTTPS with a certificate from the internal Issuer that verifies against the exported root.
/// </summary>
[Collection(PodmanHostCollection.Name)]
[Trait("Category", "Integration")]
public sealed class RouteEndToEndTests : IAsyncLifetime
{
    private const string Image = PodmanHostFixture.Registry + "/homelab/caddy:2.8";

    private readonly InstanceDaemon _host = new("all", "hltest-routes-");
    private readonly int _http = Loopback.FreePort();
    private readonly int _https = Loopback.FreePort();

    private string Ns => _host.Name;

    private string ProxyNs => _host.Name + "-proxy";

    private string Host => $"web.{Ns}.home.arpa";

    public Task InitializeAsync()
    {
        _host.Daemon.Environment["Proxy__HttpPort"] = _http.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _host.Daemon.Environment["Proxy__HttpsPort"] = _https.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _host.Daemon.Environment["Proxy__HostIP"] = "127.0.0.1";
        _host.Daemon.Environment["Proxy__Namespace"] = ProxyNs;
        return _host.Daemon.StartAsync();
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private Task<ProcessResult> Hl(params string[] args) => Hlctl.RunAsync(_host.Daemon.Socket, args);

    private async Task<JsonNode> RouteAsync(string name) => JsonNode.Parse((await Hl("get", "route", name, "-n", Ns, "-o", "json")).Out)!;

    /// <summary>curl with the host name pinned to loopback, trusting only <paramref name="caFile"/>: exit code, body and errors.</summary>
    private async Task<HostCommandResult> CurlAsync(string caFile, string path = "/") =>
        await HostCommand.ExecAsync(["curl", "-sS", "--max-time", "5", "--resolve", $"{Host}:{_https}:127.0.0.1", "--cacert", caFile, $"https://{Host}:{_https}{path}"]);

    private async Task<string> ProxyLogAsync() =>
        (await HostCommand.ExecAsync(["podman", "logs", "--tail", "30", $"hl-{ProxyNs}-proxy"])).StandardError;

    private async Task<HostCommandResult> EventuallyServedAsync(string caFile, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var curl = await CurlAsync(caFile);
            if (curl.ExitCode == 0 && curl.StandardOutput.Contains("homelab/caddy:2.8", StringComparison.Ordinal) || DateTime.UtcNow > deadline)
            {
                return curl;
            }
            await Task.Delay(500);
        }
    }

    [Fact]
    public async Task A_route_answers_over_https_with_a_certificate_of_the_exported_root_and_survives_daemon_and_proxy_kills()
    {
        var manifests = Path.Combine(_host.Dir, "homelab.yaml");
        await File.WriteAllTextAsync(manifests, Manifests());
        var apply = await Hl("apply", "-f", manifests, "--wait", "--timeout", "180s");
        Assert.True(apply.ExitCode == 0, apply.Err + apply.Out + _host.Daemon.Log);

        // The root, as a user exports it, verifies the certificate the proxy serves for the Route's host name.
        var root = await Hl("get", "issuer", "home-ca", "-o", "jsonpath={.status.ca}");
        Assert.StartsWith("-----BEGIN CERTIFICATE-----\n", root.Out, StringComparison.Ordinal);
        var caFile = Path.Combine(_host.Dir, "ca.pem");
        await File.WriteAllTextAsync(caFile, root.Out);
        var served = await CurlAsync(caFile);
        Assert.True(served.ExitCode == 0, served.StandardError + _host.Daemon.Log);
        Assert.True(served.StandardOutput.Contains("homelab/caddy:2.8", StringComparison.Ordinal), served.StandardOutput + (await Hl("get", "route", "web", "-n", Ns, "-o", "yaml")).Out + (await Hl("get", "svc", "-A", "-o", "wide")).Out
            + await HostCommand.RunAsync("curl", "-sS", "--unix-socket", Path.Combine(_host.Daemon.DataDir, "proxy", "admin.sock"), "http://caddy-admin/config/") + _host.Daemon.Log);
        // Another root does not verify it: the check above could fail.
        var otherCa = Path.Combine(_host.Dir, "other.pem");
        await HostCommand.RunAsync("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", Path.Combine(_host.Dir, "other.key"), "-out", otherCa, "-days", "1", "-subj", "/CN=other");
        Assert.NotEqual(0, (await CurlAsync(otherCa)).ExitCode);

        // The backend is isolated by deny-all: the Route admits the proxy to the routed port, and to nothing else.
        var admitted = await Hl("explain-access", $"{ProxyNs}/proxy", "web", "-n", Ns, "--port", "8080");
        Assert.True(admitted.ExitCode == 0, admitted.Out + admitted.Err);
        Assert.Contains($"{Ns}/route:web:web", admitted.Out, StringComparison.Ordinal);
        // What enforces it in the loaded table: the flow as an element of in_flows, from the proxy's bridge to web's.
        Assert.Contains("Enforced by (nft):\n  in_flows element \"", admitted.Out, StringComparison.Ordinal);
        var refused = await Hl("explain-access", $"{ProxyNs}/proxy", "web", "-n", Ns, "--port", "8081");
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("ingress_isolated holds \"", refused.Out, StringComparison.Ordinal);
        var enforced = await Hl("get", "netpol", "deny-all", "-n", Ns, "-o", "nft");
        Assert.True(enforced.ExitCode == 0, enforced.Err);
        Assert.StartsWith("# isolates: the chain drops what no rule allows\nadd element inet ", enforced.Out, StringComparison.Ordinal);
        Assert.Contains(" ingress_isolated { \"", enforced.Out, StringComparison.Ordinal);
        Assert.Contains($"{Ns}/route:web:web", (await Hl("describe", "svc", "web", "-n", Ns)).Out, StringComparison.Ordinal);

        var route = await RouteAsync("web");
        var status = route["status"]!;
        Assert.Equal($"https://{Host}:{_https}/", status["url"]!.GetValue<string>());
        foreach (var condition in new[] { "Accepted", "ResolvedRefs", "Programmed", "CertificateReady", "Ready" })
        {
            Assert.Equal("True", status["conditions"]!.AsArray().Single(c => c!["type"]!.GetValue<string>() == condition)!["status"]!.GetValue<string>());
        }
        var serial = status["certificate"]!["serialNumber"]!.GetValue<string>();
        var notAfter = DateTimeOffset.Parse(status["certificate"]!["notAfter"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        var renewal = DateTimeOffset.Parse(status["certificate"]!["renewalTime"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(notAfter - DateTimeOffset.UtcNow, TimeSpan.FromDays(29), TimeSpan.FromDays(30));
        Assert.InRange(notAfter - renewal, TimeSpan.FromDays(9.9), TimeSpan.FromDays(10.1));
        var table = await Hl("get", "routes", "-n", Ns);
        Assert.Matches($@"web\s+{Host.Replace(".", @"\.", StringComparison.Ordinal)}\s+web:http\s+issuer/home-ca\s+\d{{4}}-\d\d-\d\d \d\d:\d\d\s+True\s+True", table.Out);

        // Plain HTTP is redirected to the HTTPS URL.
        var redirect = await HostCommand.ExecAsync(["curl", "-sS", "-o", "/dev/null", "-w", "%{http_code} %{redirect_url}", "--resolve", $"{Host}:{_http}:127.0.0.1", $"http://{Host}:{_http}/x?y=1"]);
        Assert.Equal($"308 https://{Host}:{_https}/x?y=1", redirect.StandardOutput);

        // A second Route for the same host and path is refused as Conflicted; the first keeps serving.
        await File.WriteAllTextAsync(manifests, Manifests() + SecondRoute());
        Assert.Equal(0, (await Hl("apply", "-f", manifests)).ExitCode);
        var conflicted = await Eventually.FirstAsync(() =>
        {
            var second = RouteAsync("web-again").GetAwaiter().GetResult();
            var accepted = second["status"]?["conditions"]?.AsArray().SingleOrDefault(c => c!["type"]!.GetValue<string>() == "Accepted");
            return accepted?["status"]?.GetValue<string>() == "False" ? accepted : null;
        }, TimeSpan.FromSeconds(30));
        Assert.Equal("Conflicted", conflicted["reason"]!.GetValue<string>());
        Assert.Contains($"older Route {Ns}/web", conflicted["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(0, (await CurlAsync(caFile)).ExitCode);

        // homelabd killed: the proxy serves on.
        await _host.Daemon.KillAsync();
        var whileDown = await CurlAsync(caFile);
        Assert.True(whileDown.ExitCode == 0, whileDown.StandardError);
        await _host.Daemon.StartAsync();

        // The proxy killed and removed: the Service controller runs it again, Caddy resumes its config, the same
        // certificate files are served, and nothing is issued again.
        await HostCommand.RunAsync("podman", "rm", "-f", "-t", "0", $"hl-{ProxyNs}-proxy");
        var back = await EventuallyServedAsync(caFile, TimeSpan.FromSeconds(90));
        Assert.True(back.ExitCode == 0, back.StandardError + _host.Daemon.Log);
        var after = (await RouteAsync("web"))["status"]!["certificate"]!;
        Assert.Equal(serial, after["serialNumber"]!.GetValue<string>());
        var servedSerial = await HostCommand.RunAsync("sh", "-c",
            $"openssl s_client -connect 127.0.0.1:{_https} -servername {Host} </dev/null 2>/dev/null | openssl x509 -noout -serial");
        Assert.Equal("serial=" + serial, servedSerial.Trim().ToLowerInvariant());
        var events = await Hl("events", "-n", Ns);
        Assert.Single(events.Out.Split('\n'), line => System.Text.RegularExpressions.Regex.IsMatch(line, @"\sIssued\s+route/web\s"));
        // The Conflicted Route got no certificate: nothing is issued for what is not served.
        Assert.DoesNotMatch(@"\sIssued\s+route/web-again\s", events.Out);
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
        kind: NetworkPolicy
        metadata: {"{"}name: deny-all, namespace: {Ns}{"}"}
        spec:
          serviceSelector: {"{"}{"}"}
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
        ---
        apiVersion: homelab.dev/v1alpha1
        kind: Route
        metadata: {"{"}name: web-again, namespace: {Ns}{"}"}
        spec:
          hostnames: [{Host}]
          rules:
            - backendRefs: [{"{"}name: web, port: 8080{"}"}]
          tls: {"{"}issuerRef: {"{"}name: home-ca{"}"}{"}"}

        """;
}
