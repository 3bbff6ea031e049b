using Homelab.Api.Meta;
using Homelab.Api.Resources;
using Homelab.Controllers.NetworkPolicies;
using Homelab.Nftables.Firewall;
using Homelab.TestKit;
using Microsoft.Extensions.DependencyInjection;

namespace Homelab.Controllers.Tests.NetworkPolicies;

/// <summary>The source compiles again only when something the firewall reads has changed.</summary>
public sealed class FirewallModelSourceTests : IAsyncLifetime
{
    private OperatorTestHost _host = null!;
    private FirewallModelSource _source = null!;

    public async Task InitializeAsync()
    {
        _host = new OperatorTestHost(
            op => op.AddNetworkPolicyController(),
            services => services.AddSingleton<IFirewall>(new FakeFirewall()));
        _source = _host.Services.GetRequiredService<FirewallModelSource>();
        await _host.ApplyAsync(new Namespace { Metadata = { Name = "media", Labels = new() { ["team"] = "media" } } });
        await AddRunningServiceAsync("web", "hl0000000001", "10.89.1.2");
        await AddRunningServiceAsync("proxy", "hl0000000002", "10.89.2.2");
        await _host.ApplyAsync(WebFromProxy(8080));
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_status_change_the_firewall_does_not_read_reuses_the_compiled_model()
    {
        var before = _source.Build();

        var web = _host.Get<Service>("media", "web")!;
        web.Status!.RestartCount = 3;
        web.Status.ContainerID = "0123456789ab";
        await _host.Client.UpdateStatusAsync(web, CancellationToken.None);
        var after = _source.Build();

        Assert.Same(before.Model, after.Model);
        Assert.Same(before.Ruleset, after.Ruleset);
    }

    [Fact]
    public async Task The_policies_are_read_fresh_even_when_the_model_is_reused()
    {
        var before = _source.Build();
        var policy = _host.Get<NetworkPolicy>("media", "web-from-proxy")!;
        policy.Status = new ResourceStatus { ObservedGeneration = 7 };
        await _host.Client.UpdateStatusAsync(policy, CancellationToken.None);

        var after = _source.Build();

        Assert.Same(before.Model, after.Model);
        Assert.Equal(7, Assert.Single(after.Policies).Status!.ObservedGeneration);
    }

    [Fact]
    public async Task A_label_change_recompiles()
    {
        var before = _source.Build();

        var proxy = _host.Get<Service>("media", "proxy")!;
        proxy.Metadata.Labels!["app"] = "other";
        await _host.ApplyAsync(proxy);
        var after = _source.Build();

        Assert.NotSame(before.Model, after.Model);
        Assert.Contains("\"hl0000000002\"", before.Ruleset.PolicyRules.Single().Value, StringComparison.Ordinal);
        Assert.DoesNotContain("\"hl0000000002\"", after.Ruleset.PolicyRules.Single().Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_new_ip_recompiles()
    {
        var before = _source.Build();

        var web = _host.Get<Service>("media", "web")!;
        web.Status!.Ip = "10.89.1.3";
        await _host.Client.UpdateStatusAsync(web, CancellationToken.None);
        var after = _source.Build();

        Assert.NotSame(before.Ruleset, after.Ruleset);
        Assert.Contains("\"hl0000000001\" . 10.89.1.3", after.Ruleset.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_policy_edit_recompiles()
    {
        var before = _source.Build();

        await _host.ApplyAsync(WebFromProxy(9090));
        var after = _source.Build();

        Assert.NotSame(before.Model, after.Model);
        Assert.Contains("tcp . 9090", after.Ruleset.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("tcp . 8080", after.Ruleset.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_namespace_label_change_recompiles()
    {
        var before = _source.Build();

        var media = _host.Get<Namespace>("media")!;
        media.Metadata.Labels!["team"] = "other";
        await _host.ApplyAsync(media);

        Assert.NotSame(before.Model, _source.Build().Model);
    }

    [Fact]
    public async Task Builds_from_many_threads_while_the_store_changes_all_see_a_whole_model()
    {
        var builds = Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 50; i++)
            {
                var snapshot = _source.Build();
                Assert.Equal(2, snapshot.Model.Services.Count);
                // The policy's one allowed flow (proxy to web) is in the rendering the model came with.
                Assert.Contains("\"hl0000000002\" . \"hl0000000001\" . tcp . 8080", snapshot.Ruleset.Text, StringComparison.Ordinal);
            }
        })).ToList();
        for (var i = 0; i < 20; i++)
        {
            var web = _host.Get<Service>("media", "web")!;
            web.Status!.RestartCount = i;
            web.Status.Ip = $"10.89.1.{2 + (i % 2)}";
            await _host.Client.UpdateStatusAsync(web, CancellationToken.None);
        }
        await Task.WhenAll(builds);

        Assert.Contains("\"hl0000000001\" . 10.89.1.3", _source.Build().Ruleset.Text, StringComparison.Ordinal);
    }

    private async Task AddRunningServiceAsync(string name, string bridge, string ip)
    {
        await _host.ApplyAsync(TestResources.Service(name, "media", labels: new Dictionary<string, string> { ["app"] = name }));
        var service = _host.Get<Service>("media", name)!;
        service.Status = new ServiceStatus { Interface = bridge, Ip = ip };
        await _host.Client.UpdateStatusAsync(service, CancellationToken.None);
    }

    private static NetworkPolicy WebFromProxy(int port) => new()
    {
        Metadata = { Name = "web-from-proxy", Namespace = "media" },
        Spec =
        {
            ServiceSelector = new LabelSelector { MatchLabels = new() { ["app"] = "web" } },
            Ingress =
            [
                new NetworkPolicyIngressRule
                {
                    From = [new NetworkPolicyPeer { ServiceSelector = new LabelSelector { MatchLabels = new() { ["app"] = "proxy" } } }],
                    Ports = [new NetworkPolicyPort { Port = port }],
                },
            ],
        },
    };
}
