using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Homelab.TestKit;

namespace Homelab.Cli.Tests.EndToEnd;

/// <summary>
/// A Route with an ACME Issuer, end to end: homelabd (all controllers, its own instance) registers at Debian's pebble on
/// loopback, serves the HTTP-01 answers through the real proxy (pebble resolves every name to 127.0.0.1 through
/// pebble-challtestsrv and validates on the proxy's HTTP port, for real), and the proxy serves the certificate, which
/// verifies against pebble's root. Pebble issues 90-second certificates, so renewal (at 2/3, 60 s) happens in the test.
/// </summary>
[Collection(PodmanHostCollection.Name)]
[Trait("Category", "Integration")]
public sealed class AcmeRouteEndToEndTests : IAsyncLifetime
{
    private const string Image = PodmanHostFixture.Registry + "/homelab/caddy:2.8";
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(90);

    private readonly InstanceDaemon _host = new("all", "hltest-acme-");
    private readonly int _http = Loopback.FreePort();
    private readonly int _https = Loopback.FreePort();
    private Pebble _pebble = null!;

    private string Ns => _host.Name;

    private string Host => $"web.{Ns}.home.arpa";

    public async Task InitializeAsync()
    {
        _pebble = await Pebble.StartAsync(new PebbleSettings(_http, Lifetime));
        _host.Daemon.Environment["Proxy__HttpPort"] = _http.ToString(CultureInfo.InvariantCulture);
        _host.Daemon.Environment["Proxy__HttpsPort"] = _https.ToString(CultureInfo.InvariantCulture);
        _host.Daemon.Environment["Proxy__HostIP"] = "127.0.0.1";
        _host.Daemon.Environment["Proxy__Namespace"] = _host.Name + "-proxy";
        await _host.Daemon.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _pebble.DisposeAsync();
    }

    private Task<ProcessResult> Hl(params string[] args) => Hlctl.RunAsync(_host.Daemon.Socket, args);

    private async Task<JsonNode> CertificateAsync() => JsonNode.Parse((await Hl("get", "route", "web", "-n", Ns, "-o", "json")).Out)!["status"]!["certificate"]!;

    private async Task<JsonNode> ConditionAsync(string type) =>
        JsonNode.Parse((await Hl("get", "route", "web", "-n", Ns, "-o", "json")).Out)!["status"]!["conditions"]!.AsArray().Single(c => c!["type"]!.GetValue<string>() == type)!;

    private async Task<HostCommandResult> CurlAsync(string caFile) =>
        await HostCommand.ExecAsync(["curl", "-sS", "--max-time", "5", "--resolve", $"{Host}:{_https}:127.0.0.1", "--cacert", caFile, $"https://{Host}:{_https}/"]);

    private async Task<string> ServedSerialAsync() =>
        (await HostCommand.RunAsync("sh", "-c", $"openssl s_client -connect 127.0.0.1:{_https} -servername {Host} </dev/null 2>/dev/null | openssl x509 -noout -serial")).Trim().ToLowerInvariant();

    private string Diagnostics => "\n--- homelabd ---\n" + _host.Daemon.Log + "\n--- pebble ---\n" + _pebble.Log;

    [Fact]
    public async Task An_acme_route_is_validated_through_the_proxy_served_renewed_when_due_and_backed_off_while_the_server_is_down()
    {
        var manifests = Path.Combine(_host.Dir, "homelab.yaml");
        await File.WriteAllTextAsync(manifests, Manifests());
        var apply = await Hl("apply", "-f", manifests, "--wait", "--timeout", "80s");
        Assert.True(apply.ExitCode == 0, apply.Err + apply.Out + (await Hl("get", "route,issuer", "-A", "-o", "yaml")).Out + Diagnostics);

        // The account: registered once, its URL in the Issuer's status, its key 0600 in the data directory.
        var issuer = JsonNode.Parse((await Hl("get", "issuer", "pebble", "-o", "json")).Out)!["status"]!;
        Assert.StartsWith(_pebble.Directory.GetLeftPart(UriPartial.Authority), issuer["acme"]!["uri"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("admin@example.org", issuer["acme"]!["lastRegisteredEmail"]!.GetValue<string>());
        Assert.Equal("AccountRegistered", issuer["conditions"]!.AsArray().Single(c => c!["type"]!.GetValue<string>() == "Ready")!["reason"]!.GetValue<string>());
        var accountKey = Path.Combine(_host.Daemon.DataDir, "issuers", "pebble", "acme-account.key");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(accountKey));

        // HTTP-01 was validated for real: pebble fetched the answer from the proxy's HTTP port.
        Assert.Matches($@"Attempting to validate w/ HTTP: http://{Regex.Escape(Host)}:{_http}/\.well-known/acme-challenge/", _pebble.Log);
        Assert.DoesNotContain("Skipping real validation", _pebble.Log, StringComparison.Ordinal);

        // The certificate verifies against pebble's issuing root, and against nothing else.
        var caFile = Path.Combine(_host.Dir, "pebble-root.pem");
        await File.WriteAllTextAsync(caFile, await _pebble.IssuingRootAsync());
        var served = await CurlAsync(caFile);
        Assert.True(served.ExitCode == 0 && served.StandardOutput.Contains("homelab/caddy:2.8", StringComparison.Ordinal), served.StandardError + served.StandardOutput + Diagnostics);
        var pebbleTls = Path.Combine(_host.Dir, "pebble-tls-ca.pem");
        await File.WriteAllTextAsync(pebbleTls, _pebble.CaBundle);
        Assert.NotEqual(0, (await CurlAsync(pebbleTls)).ExitCode);

        var first = await CertificateAsync();
        var serial = first["serialNumber"]!.GetValue<string>();
        Assert.Equal("pebble", first["issuer"]!.GetValue<string>());
        var notBefore = DateTimeOffset.Parse(first["notBefore"]!.GetValue<string>(), CultureInfo.InvariantCulture);
        var notAfter = DateTimeOffset.Parse(first["notAfter"]!.GetValue<string>(), CultureInfo.InvariantCulture);
        var renewal = DateTimeOffset.Parse(first["renewalTime"]!.GetValue<string>(), CultureInfo.InvariantCulture);
        Assert.InRange(notAfter - notBefore, Lifetime - TimeSpan.FromSeconds(2), Lifetime + TimeSpan.FromSeconds(2));
        Assert.Equal(notBefore + (notAfter - notBefore) * 2 / 3, renewal);
        Assert.Equal("serial=" + serial, await ServedSerialAsync());

        // homelabd restarted before renewal is due: nothing is ordered again.
        await _host.Daemon.KillAsync();
        await _host.Daemon.StartAsync();
        await Task.Delay(TimeSpan.FromSeconds(3)); // a first reconcile of the restarted daemon
        Assert.True(DateTimeOffset.UtcNow < renewal, $"the restart check ran past the renewal time {renewal:u}; the host is too slow for this lifetime");
        Assert.Equal(serial, (await CertificateAsync())["serialNumber"]!.GetValue<string>());
        Assert.Equal("serial=" + serial, await ServedSerialAsync());
        Assert.Single(IssuedEvents((await Hl("events", "-n", Ns)).Out));

        // Renewal once due: a new serial, served, said in an event.
        var renewed = await Eventually.FirstAsync(() =>
        {
            var now = CertificateAsync().GetAwaiter().GetResult();
            return now["serialNumber"]?.GetValue<string>() is { } s && s != serial ? now : null;
        }, Lifetime);
        var second = renewed["serialNumber"]!.GetValue<string>();
        await Eventually.TrueAsync(async () => await ServedSerialAsync() == "serial=" + second, TimeSpan.FromSeconds(30));
        Assert.True((await CurlAsync(caFile)).ExitCode == 0, Diagnostics);
        var events = (await Hl("events", "-n", Ns)).Out;
        Assert.Equal(2, IssuedEvents(events).Count);
        Assert.Contains("renewal is due", events, StringComparison.Ordinal);

        // The ACME server down when the next renewal is due: IssuanceFailed with the next try, one attempt counted, the
        // old certificate still served.
        await _pebble.StopAsync();
        var failed = await Eventually.FirstAsync(() =>
        {
            var now = CertificateAsync().GetAwaiter().GetResult();
            return now["failedIssuanceAttempts"] is not null ? now : null;
        }, Lifetime);
        Assert.Equal(1, failed["failedIssuanceAttempts"]!.GetValue<int>());
        Assert.Equal(second, failed["serialNumber"]!.GetValue<string>());
        var lastFailure = DateTimeOffset.Parse(failed["lastFailureTime"]!.GetValue<string>(), CultureInfo.InvariantCulture);
        var condition = await ConditionAsync("CertificateReady");
        Assert.Equal("IssuanceFailed", condition["reason"]!.GetValue<string>());
        Assert.Contains($"next try at {lastFailure.AddHours(1).UtcDateTime:yyyy-MM-dd HH:mm:ss}Z", condition["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("does not answer", condition["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("serial=" + second, await ServedSerialAsync());
        Assert.True((await CurlAsync(caFile)).ExitCode == 0, Diagnostics);
        Assert.Matches(@"Warning\s+IssuanceFailed\s+route/web\s", (await Hl("events", "-n", Ns)).Out);
    }

    private static List<string> IssuedEvents(string events) =>
        events.Split('\n').Where(line => Regex.IsMatch(line, @"\sIssued\s+route/web\s")).ToList();

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
        metadata: {"{"}name: pebble{"}"}
        spec:
          acme:
            server: {_pebble.Directory}
            email: admin@example.org
            caBundle: |
        {string.Join("\n", _pebble.CaBundle.TrimEnd().Split('\n').Select(l => "      " + l))}
        ---
        apiVersion: homelab.dev/v1alpha1
        kind: Route
        metadata: {"{"}name: web, namespace: {Ns}{"}"}
        spec:
          hostnames: [{Host}]
          rules:
            - backendRefs: [{"{"}name: web, port: http{"}"}]
          tls: {"{"}issuerRef: {"{"}name: pebble{"}"}{"}"}

        """;
}
