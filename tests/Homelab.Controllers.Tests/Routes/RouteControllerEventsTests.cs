using Homelab.Api.Meta;
using Homelab.Api.Resources;
using Homelab.Controllers.Routes;
using Homelab.Proxy;
using Homelab.TestKit;
using Microsoft.Extensions.DependencyInjection;
using NSubstitute;

namespace Homelab.Controllers.Tests.Routes;

/// <summary>The Route controller while its proxy is not running yet: it looks again every few seconds and says each failure once.</summary>
public sealed class RouteControllerEventsTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("hl-routes-").FullName;
    private OperatorTestHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = new OperatorTestHost(
            op => op.AddRouteController(_ => _dir, o => o.DataDir = Path.Combine(_dir, "proxy")),
            services => services.AddSingleton(Substitute.For<IProxyAdmin>()));
        await _host.ApplyAsync(TestResources.Namespace("media"));
        await _host.ApplyAsync(TestResources.Service("web", "media"));
        var web = _host.Get<Service>("media", "web")!;
        web.Status = new ServiceStatus { Ip = "10.89.1.2" };
        await _host.Client.UpdateStatusAsync(web, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task A_certificate_that_cannot_be_issued_is_one_warning_however_often_the_controller_looks()
    {
        var route = await _host.ApplyAsync(new Route
        {
            Metadata = { Name = "web", Namespace = "media" },
            Spec =
            {
                Hostnames = ["web.home.arpa"],
                Rules = [new RouteRule { BackendRefs = [new BackendRef { Name = "web", Port = 8080 }] }],
                Tls = new RouteTls { IssuerRef = new IssuerRef { Name = "missing" } },
            },
        });

        var reconciles = await _host.AdvanceAsync(TimeSpan.FromSeconds(20));

        Assert.True(reconciles >= 5, $"{reconciles} reconciles"); // the proxy is not running: it looks again every 2 s
        var stored = _host.Get<Route>("media", "web")!;
        var certificate = stored.Status!.GetCondition(RouteConditions.CertificateReady)!;
        Assert.Equal(ConditionStatus.False, certificate.Status);
        Assert.Equal("IssuerNotFound", certificate.Reason);
        Assert.Equal(ConditionStatus.False, stored.Status.GetCondition(ConditionTypes.Ready)!.Status);
        Assert.Null(stored.Status.Url);
        // The store folds repeats into one record and counts them, as Kubernetes does: the count says how often it was said.
        var warning = Assert.Single(_host.EventsFor(route), e => e.Reason == "IssuerNotFound" && e.Message == "Issuer missing does not exist");
        Assert.Equal(1, warning.Count);
    }
}
