using Xunit;

namespace Homelab.Podman.Tests;

public sealed class IpamConflictTests
{
    [Fact]
    public void Reads_the_address_and_the_holder_from_podmans_error()
    {
        // Podman 4.3's words, as `podman start` prints them.
        var conflict = IpamConflict.In("Error: IPAM error: requested ip address 10.233.77.3 is already allocated to container ID 65ad5bc7d7c28cbb2959251bf531d27f27d13eea5d33bd278a19e9e9dea81665");

        Assert.Equal(new IpamConflict("10.233.77.3", "65ad5bc7d7c28cbb2959251bf531d27f27d13eea5d33bd278a19e9e9dea81665"), conflict);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Error: rootlessport listen tcp 127.0.0.1:8080: bind: address already in use")]
    public void Other_errors_are_no_conflict(string? error) => Assert.Null(IpamConflict.In(error));
}
