using Homelab.Api.Resources;
using Homelab.Api.Serialization;
using Homelab.Api.Validation;
using Xunit;

namespace Homelab.Api.Tests.Validation;

public sealed class ResourceDefaultsTests
{
    [Fact]
    public void Namespaced_kinds_land_in_default()
    {
        var service = new Service { Metadata = { Name = "web" }, Spec = { Image = "nginx" } };
        ResourceDefaults.Apply(service);
        Assert.Equal(ApiGroup.DefaultNamespace, service.Metadata.Namespace);
    }

    [Fact]
    public void A_namespace_gets_its_name_label_and_no_namespace()
    {
        var ns = new Namespace { Metadata = { Name = "media" } };
        ResourceDefaults.Apply(ns);
        Assert.Null(ns.Metadata.Namespace);
        Assert.Equal("media", ns.Metadata.Labels![ApiGroup.NamespaceNameLabel]);
    }

    [Fact]
    public void Service_ports_default_to_tcp_and_restart_policy_to_always()
    {
        var service = new Service { Spec = { Image = "nginx", Ports = [new() { ContainerPort = 80 }, new() { ContainerPort = 53, Protocol = "UDP" }] } };
        ResourceDefaults.Apply(service);
        Assert.Equal(["TCP", "UDP"], service.Spec.Ports!.Select(p => p.Protocol));
        Assert.Equal(RestartPolicies.Always, service.Spec.RestartPolicy);
    }

    [Theory]
    [InlineData(null, null, "PreferDualStack", "IPv4,IPv6")]
    [InlineData("SingleStack", null, "SingleStack", "IPv4")]
    [InlineData("SingleStack", "IPv4", "SingleStack", "IPv4")]
    [InlineData("RequireDualStack", "IPv4", "RequireDualStack", "IPv4,IPv6")]
    [InlineData("PreferDualStack", "IPv6", "PreferDualStack", "IPv6,IPv4")]
    [InlineData(null, "IPv6,IPv4", "PreferDualStack", "IPv6,IPv4")]
    public void Services_are_dual_stack_unless_single_stack_is_asked_for(string? policy, string? families, string expectedPolicy, string expectedFamilies)
    {
        var service = new Service { Spec = { Image = "nginx", IpFamilyPolicy = policy, IpFamilies = families?.Split(',').ToList() } };
        ResourceDefaults.Apply(service);
        Assert.Equal(expectedPolicy, service.Spec.IpFamilyPolicy);
        Assert.Equal(expectedFamilies, string.Join(',', service.Spec.IpFamilies!));
    }

    [Fact]
    public void Policy_types_are_ingress_plus_egress_only_when_egress_rules_exist()
    {
        var ingressOnly = new NetworkPolicy { Spec = { Ingress = [new()] } };
        var both = new NetworkPolicy { Spec = { Egress = [new() { Ports = [new() { Port = 53 }] }] } };
        ResourceDefaults.Apply(ingressOnly);
        ResourceDefaults.Apply(both);
        Assert.Equal([PolicyTypes.Ingress], ingressOnly.Spec.PolicyTypes!);
        Assert.Equal([PolicyTypes.Ingress, PolicyTypes.Egress], both.Spec.PolicyTypes!);
        Assert.Equal("TCP", both.Spec.Egress![0].Ports![0].Protocol);
    }

    [Fact]
    public void Update_policy_defaults_fill_every_absent_field()
    {
        var policy = new UpdatePolicy { Spec = { Interval = "6h" } };
        ResourceDefaults.Apply(policy);
        Assert.Equal(("digest", "apply", true, "2m", 2, 1),
            (policy.Spec.Strategy, policy.Spec.Mode, policy.Spec.Rollback, policy.Spec.HealthTimeout, policy.Spec.KeepImages, policy.Spec.MaxParallel));
    }

    [Fact]
    public void Defaults_never_overwrite_what_the_user_set()
    {
        var policy = Valid.UpdatePolicy();
        policy.Spec.Rollback = false;
        policy.Spec.KeepImages = 5;
        var explicitPolicy = new NetworkPolicy { Spec = { PolicyTypes = [PolicyTypes.Egress], Ingress = [new()] } };
        var ns = new Namespace { Metadata = { Name = "media", Labels = new() { [ApiGroup.NamespaceNameLabel] = "media", ["team"] = "family" } } };
        ResourceDefaults.Apply(policy);
        ResourceDefaults.Apply(explicitPolicy);
        ResourceDefaults.Apply(ns);
        Assert.Equal(("semver", false, 5), (policy.Spec.Strategy, policy.Spec.Rollback, policy.Spec.KeepImages));
        Assert.Equal([PolicyTypes.Egress], explicitPolicy.Spec.PolicyTypes!);
        Assert.Equal(2, ns.Metadata.Labels!.Count);
    }

    [Fact]
    public void Applying_defaults_twice_changes_nothing_the_second_time()
    {
        var service = Valid.Service();
        service.Spec.Ports![0].Protocol = null;
        ResourceDefaults.Apply(service);
        var once = HomelabJson.Serialize(service);
        ResourceDefaults.Apply(service);
        Assert.Equal(once, HomelabJson.Serialize(service));
    }
}
