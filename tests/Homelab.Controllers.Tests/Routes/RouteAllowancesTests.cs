using Homelab.Api.Meta;
using Homelab.Api.Resources;
using Homelab.Controllers.NetworkPolicies;
using Homelab.Controllers.Tests.NetworkPolicies;
using Homelab.Nftables.Firewall;
using Homelab.TestKit;
using Microsoft.Extensions.DependencyInjection;

namespace Homelab.Controllers.Tests.Routes;

/// <summary>A Route lets the proxy reach exactly its backends' routed ports, and nobody else anything more.</summary>
public sealed class RouteAllowancesTests : IAsyncLifetime
{
    private OperatorTestHost _host = null!;
    private FirewallModelSource _source = null!;

    public async Task InitializeAsync()
    {
        _host = new OperatorTestHost(
            op => op.AddNetworkPolicyController(),
            services => services.AddSingleton<IFirewall>(new FakeFirewall()));
        _source = _host.Services.GetRequiredService<FirewallModelSource>();
        await _host.ApplyAsync(TestResources.Namespace("media"));
        await _host.ApplyAsync(TestResources.Namespace("homelab-system"));
        await AddRunningServiceAsync("media", "web", "10.89.1.2", new Dictionary<string, string> { ["app"] = "web" }, 8080, 9000);
        await AddRunningServiceAsync("media", "api", "10.89.2.2", new Dictionary<string, string> { ["app"] = "api" }, 9090);
        await AddRunningServiceAsync("media", "other", "10.89.3.2", new Dictionary<string, string> { ["app"] = "other" });
        await AddRunningServiceAsync("homelab-system", "proxy", "10.89.4.2", new Dictionary<string, string> { ["homelab.dev/proxy"] = "true" });
        await _host.ApplyAsync(new NetworkPolicy { Metadata = { Name = "deny-web", Namespace = "media" }, Spec = { ServiceSelector = new LabelSelector { MatchLabels = new() { ["app"] = "web" } } } });
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task An_isolated_backend_admits_the_proxy_on_the_routed_port_only_and_says_which_route_opened_it()
    {
        Assert.False(_source.Build().Model.Explain("homelab-system/proxy", "media/web", 8080, "TCP").Allowed);

        await _host.ApplyAsync(WebRoute("web", 8080));
        var model = _source.Build().Model;

        var allowed = model.Explain("homelab-system/proxy", "media/web", 8080, "TCP");
        Assert.True(allowed.Allowed);
        Assert.Equal(["media/route:web:web ingress[0]"], allowed.Policies);
        Assert.False(model.Explain("homelab-system/proxy", "media/web", 9000, "TCP").Allowed);
        Assert.False(model.Explain("homelab-system/proxy", "media/web", 8080, "UDP").Allowed);
        Assert.False(model.Explain("media/other", "media/web", 8080, "TCP").Allowed);
    }

    [Fact]
    public async Task A_route_to_a_backend_no_policy_isolates_isolates_nothing()
    {
        Assert.True(_source.Build().Model.Explain("media/other", "media/api", 9090, "TCP").Allowed);

        await _host.ApplyAsync(WebRoute("api", 9090));
        var decision = _source.Build().Model.Explain("media/other", "media/api", 9090, "TCP");

        Assert.True(decision.Allowed);
        Assert.False(decision.Ingress.Isolated);
    }

    [Fact]
    public async Task A_conflicted_route_opens_nothing()
    {
        await _host.ApplyAsync(WebRoute("api", 9090));
        var second = WebRoute("web", 8080);
        second.Metadata.Name = "web2"; // same creation time: the name decides, and "web" comes first
        await _host.ApplyAsync(second);

        Assert.False(_source.Build().Model.Explain("homelab-system/proxy", "media/web", 8080, "TCP").Allowed);
    }

    [Fact]
    public async Task Deleting_the_route_closes_the_port_again()
    {
        await _host.ApplyAsync(WebRoute("web", 8080));
        Assert.True(_source.Build().Model.Explain("homelab-system/proxy", "media/web", 8080, "TCP").Allowed);

        await _host.DeleteAsync<Route>("media", "web");

        Assert.False(_source.Build().Model.Explain("homelab-system/proxy", "media/web", 8080, "TCP").Allowed);
    }

    private static Route WebRoute(string backend, int port) => new()
    {
        Metadata = { Name = "web", Namespace = "media" },
        Spec =
        {
            Hostnames = ["web.home.arpa"],
            Rules = [new RouteRule { BackendRefs = [new BackendRef { Name = backend, Port = port }] }],
        },
    };

    private async Task AddRunningServiceAsync(string ns, string name, string ip, Dictionary<string, string> labels, params int[] ports)
    {
        var service = TestResources.Service(name, ns, labels: labels);
        service.Spec.Ports = [.. ports.Select(p => new ServicePort { Name = $"p{p}", ContainerPort = p })];
        await _host.ApplyAsync(service);
        var stored = _host.Get<Service>(ns, name)!;
        stored.Status = new ServiceStatus { Interface = $"hl00000000{int.Parse(ip.Split('.')[2], System.Globalization.CultureInfo.InvariantCulture):x2}", Ip = ip };
        await _host.Client.UpdateStatusAsync(stored, CancellationToken.None);
    }
}
