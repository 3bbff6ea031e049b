using Homelab.Api.Meta;
using Homelab.Api.Resources;
using Homelab.Controllers.NetworkPolicies;
using Homelab.Nftables.Firewall;
using Homelab.Operator;
using Homelab.TestKit;
using Microsoft.Extensions.DependencyInjection;

namespace Homelab.Controllers.Tests.NetworkPolicies;

public sealed class NetworkPolicyControllerTests : IAsyncLifetime
{
    private readonly FakeFirewall _firewall = new();
    private OperatorTestHost _host = null!;

    public Task InitializeAsync()
    {
        _host = new OperatorTestHost(
            op => op.AddNetworkPolicyController(),
            services => services.AddSingleton<IFirewall>(_firewall));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_new_policy_is_loaded_and_marked_ready_for_its_generation()
    {
        await AddRunningServiceAsync("web", "hl0000000001", "10.89.1.2");
        await _host.ApplyAsync(DenyAll("deny"));
        await _host.RunUntilIdleAsync();

        Assert.Contains("\"hl0000000001\"", IngressIsolated(), StringComparison.Ordinal);
        var policy = _host.Get<NetworkPolicy>("media", "deny")!;
        var ready = policy.Status!.GetCondition(ConditionTypes.Ready)!;
        Assert.Equal(ConditionStatus.True, ready.Status);
        Assert.Equal(NetworkPolicyReasons.Enforced, ready.Reason);
        Assert.Equal(policy.Generation, ready.ObservedGeneration);
        Assert.Equal(policy.Generation, policy.Status.ObservedGeneration);
    }

    [Fact]
    public async Task Every_change_collapses_into_one_load_and_nothing_changed_loads_nothing()
    {
        await AddRunningServiceAsync("web", "hl0000000001", "10.89.1.2");
        await AddRunningServiceAsync("api", "hl0000000002", "10.89.2.2");
        await _host.ApplyAsync(DenyAll("deny"));
        await _host.RunUntilIdleAsync();
        Assert.Single(_firewall.Loads);
        var version = _host.Get<NetworkPolicy>("media", "deny")!.Metadata.ResourceVersion;

        _host.Resync();
        await _host.RunUntilIdleAsync();

        Assert.Single(_firewall.Loads);
        Assert.Equal(version, _host.Get<NetworkPolicy>("media", "deny")!.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task A_change_that_compiles_to_the_same_table_does_not_read_the_kernel_but_a_resync_does()
    {
        await AddRunningServiceAsync("web", "hl0000000001", "10.89.1.2");
        await _host.ApplyAsync(DenyAll("deny"));
        await _host.RunUntilIdleAsync();
        var checks = _firewall.LiveChecks;

        var web = _host.Get<Service>("media", "web")!;
        web.Status!.RestartCount = 1;
        await _host.Client.UpdateStatusAsync(web, CancellationToken.None);
        await _host.RunUntilIdleAsync();
        Assert.Equal(checks, _firewall.LiveChecks);

        _host.Resync();
        await _host.RunUntilIdleAsync();
        Assert.Equal(checks + 1, _firewall.LiveChecks);
        Assert.Single(_firewall.Loads);
    }

    [Fact]
    public async Task A_service_getting_its_bridge_in_status_is_put_into_the_table()
    {
        await _host.ApplyAsync(DenyAll("deny"));
        await _host.ApplyAsync(TestResources.Service("web", "media"));
        await _host.RunUntilIdleAsync();
        Assert.DoesNotContain("hl0000000009", _firewall.Live!.InetTable, StringComparison.Ordinal);

        var web = _host.Get<Service>("media", "web")!;
        web.Status = new ServiceStatus { Interface = "hl0000000009", Ip = "10.89.9.2" };
        await _host.Client.UpdateStatusAsync(web, CancellationToken.None);
        await _host.RunUntilIdleAsync();

        Assert.Contains("\"hl0000000009\"", IngressIsolated(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_flushed_table_is_restored_by_the_next_resync()
    {
        await AddRunningServiceAsync("web", "hl0000000001", "10.89.1.2");
        await _host.ApplyAsync(DenyAll("deny"));
        await _host.RunUntilIdleAsync();

        _firewall.Flush();
        _host.Resync();
        await _host.RunUntilIdleAsync();

        Assert.Equal(2, _firewall.Loads.Count);
        Assert.Equal(_firewall.Loads[0].Text, _firewall.Live!.Text);
    }

    [Fact]
    public async Task A_rejected_load_marks_policies_not_ready_with_nft_words()
    {
        _firewall.RejectWith = "Error: Could not process rule";
        await _host.ApplyAsync(DenyAll("deny"));
        await _host.RunUntilIdleAsync();

        var ready = _host.Get<NetworkPolicy>("media", "deny")!.Status!.GetCondition(ConditionTypes.Ready)!;
        Assert.Equal(ConditionStatus.False, ready.Status);
        Assert.Equal(NetworkPolicyReasons.LoadFailed, ready.Reason);
        Assert.Contains("Could not process rule", ready.Message, StringComparison.Ordinal);
        var warning = Assert.Single(_host.EventsFor(_host.Get<NetworkPolicy>("media", "deny")!));
        Assert.Equal((EventTypes.Warning, NetworkPolicyReasons.LoadFailed), (warning.Type, warning.Reason));
        Assert.Contains("Could not process rule", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_deleted_policy_disappears_from_the_table()
    {
        await AddRunningServiceAsync("web", "hl0000000001", "10.89.1.2");
        await _host.ApplyAsync(DenyAll("deny"));
        await _host.RunUntilIdleAsync();

        await _host.DeleteAsync<NetworkPolicy>("media", "deny");
        await _host.RunUntilIdleAsync();

        Assert.DoesNotContain("in_media_web", _firewall.Live!.InetTable, StringComparison.Ordinal);
    }

    private async Task AddRunningServiceAsync(string name, string bridge, string ip)
    {
        await _host.ApplyAsync(TestResources.Service(name, "media", labels: new Dictionary<string, string> { ["app"] = name }));
        var service = _host.Get<Service>("media", name)!;
        service.Status = new ServiceStatus { Interface = bridge, Ip = ip };
        await _host.Client.UpdateStatusAsync(service, CancellationToken.None);
    }

    private static NetworkPolicy DenyAll(string name) => new()
    {
        Metadata = { Name = name, Namespace = "media" },
        Spec = { ServiceSelector = new LabelSelector(), PolicyTypes = [PolicyTypes.Ingress] },
    };

    /// <summary>The loaded table's set of Services isolated for ingress, as text.</summary>
    private string IngressIsolated() =>
        System.Text.RegularExpressions.Regex.Match(_firewall.Live!.InetTable, "set ingress_isolated \\{[^}]*\\}").Value;
}
