using Xunit;

namespace Homelab.Podman.Tests;

public sealed class ContainerAddressTests
{
    [Theory]
    [InlineData("10.91.3.0/24", "10.91.3.1", "10.91.3.2", "02:42:0a:5b:03:02")]
    [InlineData("10.91.3.0/24", "10.91.3.2", "10.91.3.1", "02:42:0a:5b:03:01")]
    [InlineData("172.30.255.252/30", "172.30.255.253", "172.30.255.254", "02:42:ac:1e:ff:fe")]
    public void The_container_gets_the_first_host_address_that_is_not_the_gateway(string subnet, string gateway, string ip, string mac)
    {
        Assert.Equal(new ContainerAddress(ip, mac), ContainerAddress.For(Network(subnet, gateway)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("fd00:1::/64")]
    [InlineData("10.91.3.7/31")]
    [InlineData("not a subnet")]
    public void A_network_without_an_IPv4_subnet_with_room_leaves_the_choice_to_podman(string? subnet)
    {
        Assert.Null(ContainerAddress.For(Network(subnet, null)));
    }

    [Theory]
    [InlineData("fd12:3456:789a:3::1", "fd12:3456:789a:3::2")]
    [InlineData(null, "fd12:3456:789a:3::2")]
    [InlineData("fd12:3456:789a:3::2", "fd12:3456:789a:3::1")]
    public void On_a_dual_stack_network_the_container_gets_the_first_IPv6_host_that_is_not_the_gateway(string? gateway6, string ip6)
    {
        var network = Network("10.91.3.0/24", "10.91.3.1") with { Subnet6 = "fd12:3456:789a:3::/64", Gateway6 = gateway6 };

        Assert.Equal(new ContainerAddress("10.91.3.2", "02:42:0a:5b:03:02") { Ip6 = ip6 }, ContainerAddress.For(network));
    }

    private static NetworkInfo Network(string? subnet, string? gateway) =>
        new("hl-media-jellyfin", "bridge", "hl0", subnet, gateway, new Dictionary<string, string>());
}
