using Homelab.Nftables.Access;
using Homelab.Nftables.Firewall;
using Homelab.Nftables.Model;
using Homelab.Nftables.Rendering;

namespace Homelab.Nftables.Tests;

public sealed class NftPatchTests
{
    private static readonly FirewallInput Base = GoldenCase.Load("named-ports");

    [Fact]
    public void The_same_tables_need_no_commands()
    {
        Assert.Equal("", NftPatch.Between(Render(Base), Render(Base)));
    }

    [Fact]
    public void A_new_service_is_only_elements_added_to_both_tables()
    {
        var grown = Base with { Services = [.. Base.Services, Endpoint("media", "radarr", "hl0000000009", "10.89.9.2", new() { ["tier"] = "backend" })] };

        var patch = NftPatch.Between(Render(Base), Render(grown))!;

        var lines = patch.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(lines, l => Assert.StartsWith("add element ", l, StringComparison.Ordinal));
        Assert.Contains("add element inet homelab guarded { \"hl0000000009\" }", lines);
        Assert.Contains("add element arp homelab ip_bindings { \"hl0000000009\" . 10.89.9.2 }", lines);
        // The proxy's ingress rule selects tier=backend: radarr is isolated and reachable from caddy on its http port.
        Assert.Contains("add element inet homelab ingress_isolated { \"hl0000000009\" }", lines);
        Assert.Contains("add element inet homelab in_flows { \"hl0000000003\" . \"hl0000000009\" . tcp . 7878 }", lines);
    }

    [Fact]
    public void A_removed_service_is_its_elements_deleted()
    {
        var shrunk = Base with { Services = [.. Base.Services.Where(s => s.Name != "sonarr")] };

        var patch = NftPatch.Between(Render(Base), Render(shrunk))!;

        Assert.All(patch.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => Assert.StartsWith("delete element ", l, StringComparison.Ordinal));
        Assert.Contains("delete element inet homelab in_flows { \"hl0000000003\" . \"hl0000000002\" . tcp . 8989 }\n", patch, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rule_line_comes_with_its_sets_and_chain_first_and_goes_with_them_last()
    {
        var input = GoldenCase.Load("rule-lines");
        var pairs = NftRenderer.Render(AccessModel.Build(input), "homelab", 64);
        var lines = NftRenderer.Render(AccessModel.Build(input), "homelab", 0);

        var made = NftPatch.Between(pairs, lines)!.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        var firstSet = made.FindIndex(l => l.StartsWith("add set inet homelab peers_", StringComparison.Ordinal));
        var chain = made.FindIndex(l => l.StartsWith("add chain inet homelab ingress_lines_", StringComparison.Ordinal));
        var mapped = made.FindIndex(l => l.StartsWith("add element inet homelab ingress_wide ", StringComparison.Ordinal));
        var filled = made.FindIndex(l => l.StartsWith("add rule inet homelab ingress_lines_", StringComparison.Ordinal));
        Assert.True(firstSet >= 0 && chain > firstSet && mapped > chain && filled > mapped, string.Join('\n', made));
        // The direction chain changed (it now reaches the map): flushed and filled again, not left half old.
        Assert.Contains("flush chain inet homelab ingress", made);

        var dropped = NftPatch.Between(lines, pairs)!.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        var unmapped = dropped.FindIndex(l => l.StartsWith("delete element inet homelab ingress_wide { \"hl", StringComparison.Ordinal));
        var flushed = dropped.FindIndex(l => l.StartsWith("flush chain inet homelab ingress_lines_", StringComparison.Ordinal));
        var deleted = dropped.FindIndex(l => l.StartsWith("delete chain inet homelab ingress_lines_", StringComparison.Ordinal));
        var setGone = dropped.FindIndex(l => l.StartsWith("delete set inet homelab peers_", StringComparison.Ordinal));
        Assert.True(unmapped >= 0 && flushed > unmapped && deleted > flushed && setGone > deleted, string.Join('\n', dropped));
        // A map element is deleted by its key.
        Assert.DoesNotContain(" : jump ", dropped[unmapped], StringComparison.Ordinal);
    }

    [Fact]
    public void Another_table_name_needs_a_full_load()
    {
        var model = AccessModel.Build(Base);
        Assert.Null(NftPatch.Between(NftRenderer.Render(model, "homelab"), NftRenderer.Render(model, "other")));
    }

    [Theory]
    [InlineData(new[] { "a", "c", "d" }, new[] { "b", "c", "e" }, new[] { "a", "d" }, new[] { "b", "e" })]
    [InlineData(new string[0], new[] { "a" }, new string[0], new[] { "a" })]
    [InlineData(new[] { "a" }, new string[0], new[] { "a" }, new string[0])]
    public void Changes_are_the_elements_that_left_and_came(string[] before, string[] after, string[] removed, string[] added)
    {
        var (r, a) = NftPatch.Changes(before, after);
        Assert.Equal(removed, r);
        Assert.Equal(added, a);
    }

    private static NftRuleset Render(FirewallInput input) => NftRenderer.Render(AccessModel.Build(input));

    private static ServiceEndpoint Endpoint(string ns, string name, string bridge, string address, Dictionary<string, string> labels) => new()
    {
        Namespace = ns,
        Name = name,
        Labels = labels,
        Interface = bridge,
        Address = System.Net.IPAddress.Parse(address),
        Ports = [new NamedPort("http", 7878, PortProtocols.Tcp)],
    };
}
