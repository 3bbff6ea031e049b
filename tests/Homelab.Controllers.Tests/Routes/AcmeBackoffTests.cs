using System.Text.Json.Nodes;
using Homelab.Acme;
using Homelab.Api.Meta;
using Homelab.Api.Resources;
using Homelab.Controllers.Routes;
using Homelab.Proxy;
using Homelab.TestKit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using NSubstitute;

namespace Homelab.Controllers.Tests.Routes;

/// <summary>
/// ACME renewal failures over hours, on the fake clock: the Route controller against a real pebble (validation skipped,
/// as no proxy answers here; the proxy's admin API is a stand-in that keeps what it is given). Once pebble is gone each
/// try is one more attempt, made only when the back-off (1 h doubling) has passed, while the old certificate stays in
/// the proxy's config.
/// </summary>
[Trait("Category", "Integration")]
public sealed class AcmeBackoffTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("hl-acme-").FullName;
    private readonly IProxyAdmin _admin = Substitute.For<IProxyAdmin>();
    private JsonObject? _held;
    private Pebble _pebble = null!;
    private OperatorTestHost _host = null!;

    public async Task InitializeAsync()
    {
        _pebble = await Pebble.StartAsync(new PebbleSettings(Loopback.FreePort(), TimeSpan.FromHours(24), AlwaysValid: true));
        _admin.WithAdmin(Arg.Any<JsonObject>()).Returns(c => c.Arg<JsonObject>());
        _admin.GetConfigAsync(default).ReturnsForAnyArgs(_ => Task.FromResult(_held));
        _admin.LoadAsync(default!, default).ReturnsForAnyArgs(c =>
        {
            _held = (JsonObject)c.Arg<JsonObject>().DeepClone();
            return Task.CompletedTask;
        });
        _host = new OperatorTestHost(
            op => op.AddRouteController(_ => _dir, o => o.DataDir = Path.Combine(_dir, "proxy")),
            services => services
                .AddSingleton(_admin)
                // Polling waits on the real clock: pebble validates in real time.
                .AddSingleton<IAcmeClient>(new AcmeClient(AcmeClient.DefaultHandler, TimeProvider.System, NullLogger<AcmeClient>.Instance)));
        _host.Time.SetUtcNow(DateTimeOffset.UtcNow);
        await _host.ApplyAsync(TestResources.Namespace("media"));
        await _host.ApplyAsync(TestResources.Service("web", "media"));
        var web = _host.Get<Service>("media", "web")!;
        web.Status = new ServiceStatus { Ip = "10.89.1.2" };
        await _host.Client.UpdateStatusAsync(web, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _pebble.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Each_failed_renewal_is_one_more_attempt_after_a_doubling_back_off_and_the_old_certificate_stays_served()
    {
        await _host.ApplyAsync(new Issuer { Metadata = { Name = "pebble" }, Spec = { Acme = new AcmeIssuer { Server = _pebble.Directory.AbsoluteUri, CaBundle = _pebble.CaBundle } } });
        var route = await _host.ApplyAsync(new Route
        {
            Metadata = { Name = "web", Namespace = "media" },
            Spec =
            {
                Hostnames = ["web.home.arpa"],
                Rules = [new RouteRule { BackendRefs = [new BackendRef { Name = "web", Port = 8080 }] }],
                Tls = new RouteTls { IssuerRef = new IssuerRef { Name = "pebble" } },
            },
        });
        await _host.RunUntilIdleAsync();
        Assert.Equal("CertificatePending", Condition(RouteConditions.CertificateReady).Reason); // nothing is ordered before the proxy serves
        await ProxyReadyAsync();
        await _host.RunUntilIdleAsync();

        var issuer = _host.Get<Issuer>("", "pebble")!;
        Assert.Equal((ConditionStatus.True, "AccountRegistered"), (issuer.Status!.GetCondition(ConditionTypes.Ready)!.Status, issuer.Status.GetCondition(ConditionTypes.Ready)!.Reason));
        Assert.StartsWith(_pebble.Directory.GetLeftPart(UriPartial.Authority), issuer.Status.Acme!.Uri, StringComparison.Ordinal);
        var issued = Certificate();
        Assert.Equal("pebble", issued.Issuer);
        Assert.Null(issued.FailedIssuanceAttempts);
        Assert.Equal(ConditionStatus.True, Condition(RouteConditions.CertificateReady).Status);
        Assert.Equal(issued.SerialNumber, ServedTag());

        await _pebble.StopAsync();
        _host.Time.SetUtcNow(issued.RenewalTime!.Value.AddSeconds(1));
        await _host.RunUntilIdleAsync();
        Assert.Equal(1, Certificate().FailedIssuanceAttempts);
        var firstFailure = Certificate().LastFailureTime!.Value;
        Assert.Contains($"next try at {firstFailure.AddHours(1):u}", Condition(RouteConditions.CertificateReady).Message, StringComparison.Ordinal);

        await _host.AdvanceAsync(TimeSpan.FromHours(1));
        Assert.Equal(2, Certificate().FailedIssuanceAttempts);
        Assert.Contains($"next try at {Certificate().LastFailureTime!.Value.AddHours(2):u}", Condition(RouteConditions.CertificateReady).Message, StringComparison.Ordinal);

        await _host.AdvanceAsync(TimeSpan.FromHours(1.5));
        Assert.Equal(2, Certificate().FailedIssuanceAttempts); // still backing off
        await _host.AdvanceAsync(TimeSpan.FromHours(0.5));
        Assert.Equal(3, Certificate().FailedIssuanceAttempts);

        var stillServed = Certificate();
        Assert.Equal(issued.SerialNumber, stillServed.SerialNumber);
        Assert.Equal(issued.SerialNumber, ServedTag());
        Assert.Equal(("True", "IssuanceFailed"), (Condition(RouteConditions.CertificateReady).Status.ToString(), Condition(RouteConditions.CertificateReady).Reason));
        Assert.Equal(3, _host.EventsFor(route).Where(e => e.Reason == "IssuanceFailed" && e.Type == "Warning").Sum(e => e.Count));
    }

    private CertificateStatus Certificate() => _host.Get<Route>("media", "web")!.Status!.Certificate!;

    private Condition Condition(string type) => _host.Get<Route>("media", "web")!.Status!.GetCondition(type)!;

    /// <summary>The serial the proxy's config loads the Route's certificate with (its tag).</summary>
    private string? ServedTag() => _held?["apps"]?["tls"]?["certificates"]?["load_files"]?[0]?["tags"]?[0]?.GetValue<string>();

    private async Task ProxyReadyAsync()
    {
        var proxy = _host.Client.List<Service>().Single(s => s.Metadata.Labels?.ContainsKey(ProxyService.ProxyLabel) == true);
        proxy.Status ??= new ServiceStatus();
        proxy.Status.SetCondition(ConditionTypes.Ready, ConditionStatus.True, "Running", "running", proxy.Generation, _host.Time.GetUtcNow());
        await _host.Client.UpdateStatusAsync(proxy, CancellationToken.None);
    }
}
