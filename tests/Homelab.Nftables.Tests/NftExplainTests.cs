using Homelab.Nftables.Access;
using Homelab.Nftables.Rendering;

namespace Homelab.Nftables.Tests;

public sealed class NftExplainTests
{
    [Fact]
    public void An_allowed_connection_names_the_element_of_each_direction_that_allows_it()
    {
        var model = AccessModel.Build(GoldenCase.Load("named-ports"));

        var decision = NftExplain.Explain(model, "homelab", "edge/caddy", "media/jellyfin", 8096, "TCP");

        Assert.True(decision.Allowed);
        Assert.Equal(
        [
            "eg_flows element \"hl0000000003\" . \"hl0000000001\" . tcp . 8096 (edge/caddy-to-backends egress[0])",
            "in_flows element \"hl0000000003\" . \"hl0000000001\" . tcp . 8096 (media/http-from-proxy ingress[0])",
        ], decision.Enforcement);
        // Each named element is in the table as loaded.
        var table = NftRenderer.Render(model).InetTable;
        Assert.Contains("\"hl0000000003\" . \"hl0000000001\" . tcp . 8096", table, StringComparison.Ordinal);
    }

    [Fact]
    public void A_denied_connection_names_the_isolation_that_drops_it()
    {
        var model = AccessModel.Build(GoldenCase.Load("named-ports"));

        var decision = NftExplain.Explain(model, "homelab", "home/hass", "media/jellyfin", 8096, "TCP");

        Assert.False(decision.Allowed);
        Assert.Equal(["ingress_isolated holds \"hl0000000001\": chain ingress drops what no element matches"], decision.Enforcement);
    }

    [Fact]
    public void An_address_block_names_its_interval_element()
    {
        var model = AccessModel.Build(GoldenCase.Load("ipblock-except"));

        var decision = NftExplain.Explain(model, "homelab", "192.168.1.130", "media/jellyfin", 8096, "TCP");

        Assert.True(decision.Allowed);
        var entry = Assert.Single(decision.Enforcement);
        Assert.StartsWith("in_blocks4 element \"hl0000000001\" . tcp . 192.168.1.", entry, StringComparison.Ordinal);
    }
}
