using Homelab.Controllers.NetworkPolicies;
using Homelab.Nftables.Firewall;
using Microsoft.Extensions.Options;

namespace Homelab.Controllers.Tests.NetworkPolicies;

public sealed class NftHostCheckTests
{
    [Fact]
    public async Task Nft_that_accepts_the_empty_homelab_table_passes()
    {
        var result = Assert.Single(await new NftHostCheck(new FakeFirewall(), Options.Create(new NftOptions())).RunAsync(CancellationToken.None));

        Assert.True(result.Ok);
        Assert.Equal("nftables v1.0.6 (fake); the kernel accepts Homelab's tables", result.Message);
    }

    [Theory]
    [InlineData("cannot run nft: No such file or directory", "nft is not installed", "apt-get install nftables")]
    [InlineData("nft check failed (exit 1): Error: Could not process rule: Operation not permitted", "homelabd needs root", "run homelabd as root")]
    [InlineData("nft check failed (exit 1): Error: Could not process rule: Protocol not supported", "no nf_tables support", "modprobe nf_tables")]
    public async Task Each_way_nft_fails_gets_its_own_message_and_fix(string error, string message, string fix)
    {
        var firewall = new FakeFirewall { RejectWith = error };

        var result = Assert.Single(await new NftHostCheck(firewall, Options.Create(new NftOptions())).RunAsync(CancellationToken.None));

        Assert.False(result.Ok);
        Assert.Contains(message, result.Message, StringComparison.Ordinal);
        Assert.StartsWith(fix, result.Fix, StringComparison.Ordinal);
    }
}
