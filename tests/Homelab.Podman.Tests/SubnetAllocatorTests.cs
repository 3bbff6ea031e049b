using Xunit;

namespace Homelab.Podman.Tests;

public sealed class SubnetAllocatorTests
{
    [Fact]
    public void The_first_subnet_of_the_pool_not_used_by_any_network_is_picked()
    {
        var subnet = SubnetAllocator.Allocate("10.91.0.0/16", 24, ["10.88.0.0/16", "10.91.0.0/24", "10.91.1.0/24"]);

        Assert.Equal("10.91.2.0/24", subnet);
        Assert.Equal("10.91.2.1", SubnetAllocator.Gateway(subnet));
    }

    [Fact]
    public void A_wider_network_overlapping_the_pool_blocks_every_subnet_inside_it()
    {
        Assert.Equal("10.91.4.0/24", SubnetAllocator.Allocate("10.91.0.0/16", 24, ["10.91.0.0/22"]));
    }

    [Fact]
    public void An_exhausted_pool_says_which_option_to_widen()
    {
        var used = Enumerable.Range(0, 4).Select(i => $"10.91.{i}.0/24");

        var error = Assert.Throws<PodmanException>(() => SubnetAllocator.Allocate("10.91.0.0/22", 24, used));

        Assert.Contains("SubnetPool", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_pool_is_refused_naming_the_option()
    {
        var error = Assert.Throws<ArgumentException>(() => SubnetAllocator.Allocate("10.91.0.0", 24, []));

        Assert.Contains("SubnetPool", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_IPv6_pool_yields_the_first_free_64_and_ignores_IPv4_subnets()
    {
        var subnet = SubnetAllocator.Allocate("fd12:3456:789a::/48", 64, ["10.91.0.0/24", "fd12:3456:789a::/64", "fd12:3456:789a:1::/64"], nameof(PodmanOptions.Ipv6Pool));

        Assert.Equal("fd12:3456:789a:2::/64", subnet);
        Assert.Equal("fd12:3456:789a:2::1", SubnetAllocator.Gateway(subnet));
    }

    [Fact]
    public void An_exhausted_IPv6_pool_names_its_option()
    {
        var error = Assert.Throws<PodmanException>(() => SubnetAllocator.Allocate("fd12:3456:789a:5::/63", 64, ["fd12:3456:789a:4::/62"], nameof(PodmanOptions.Ipv6Pool)));

        Assert.Contains("Ipv6Pool", error.Message, StringComparison.Ordinal);
    }
}
