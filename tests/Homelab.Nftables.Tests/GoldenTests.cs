using Homelab.Nftables.Access;
using Homelab.Nftables.Model;
using Homelab.Nftables.Rendering;

namespace Homelab.Nftables.Tests;

/// <summary>
/// The renderer's output for each testdata case, byte for byte. After an intended change, regenerate with
/// UPDATE_GOLDEN=1 dotnet test --filter GoldenTests and review the diff of expected.nft.
/// </summary>
public sealed class GoldenTests
{
    public static IEnumerable<object[]> Cases => GoldenCase.Names();

    [Theory]
    [MemberData(nameof(Cases))]
    public void Renders_the_expected_ruleset(string name)
    {
        var actual = GoldenCase.Render(name).Text;
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(Path.Combine(GoldenCase.SourceDirectory(), name, "expected.nft"), actual);
            return;
        }
        var expected = File.ReadAllText(Path.Combine(GoldenCase.CaseDirectory(name), "expected.nft"));
        Assert.Equal(expected, actual);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Rendering_is_deterministic_whatever_the_input_order(string name)
    {
        var input = GoldenCase.Load(name);
        var reversed = input with
        {
            Services = input.Services.Reverse().ToList(),
            Namespaces = input.Namespaces.Reverse().ToList(),
            Policies = input.Policies.Reverse().ToList(),
        };
        Assert.Equal(GoldenCase.Render(name, input).Text, GoldenCase.Render(name, reversed).Text);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_policy_text_adds_only_what_the_table_holds(string name)
    {
        var input = GoldenCase.Load(name);
        var ruleset = GoldenCase.Render(name);
        Assert.Equal(input.Policies.Select(p => p.Ref.ToString()).Order(), ruleset.PolicyRules.Keys.Select(k => k.ToString()).Order());
        var sets = ruleset.Inet.Sets.ToDictionary(s => s.Name, s => s.Elements.ToHashSet(StringComparer.Ordinal));
        var rules = ruleset.Inet.Chains.SelectMany(c => c.Rules.Select(r => $"{c.Name} {r}")).ToHashSet(StringComparer.Ordinal);
        foreach (var (_, text) in ruleset.PolicyRules)
        {
            foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith('#')))
            {
                if (line.StartsWith("add element inet homelab ", StringComparison.Ordinal))
                {
                    var set = line.Split(' ')[4];
                    var elements = line[(line.IndexOf('{', StringComparison.Ordinal) + 2)..^2].Split(", ");
                    // The golden cases have no ranges that two rules share, so each element is in the table as the rule wrote it.
                    Assert.All(elements, e => Assert.Contains(e, sets[set]));
                }
                else if (line.StartsWith("add rule inet homelab ", StringComparison.Ordinal))
                {
                    Assert.Contains(line["add rule inet homelab ".Length..], rules);
                }
                else
                {
                    Assert.StartsWith("add set inet homelab ", line, StringComparison.Ordinal);
                    Assert.Contains(line.Split(' ')[4], sets.Keys);
                }
            }
        }
    }

    [Fact]
    public void A_policy_text_lists_what_it_isolates_and_the_elements_each_rule_adds()
    {
        var named = NftRenderer.Render(AccessModel.Build(GoldenCase.Load("named-ports"))).PolicyRules[new PolicyRef("media", "http-from-proxy")];
        Assert.Equal("""
            # isolates: the chain drops what no rule allows
            add element inet homelab ingress_isolated { "hl0000000001", "hl0000000002" }
            # media/http-from-proxy ingress[0]
            add element inet homelab in_flows { "hl0000000003" . "hl0000000001" . tcp . 8096, "hl0000000003" . "hl0000000001" . udp . 7359, "hl0000000003" . "hl0000000002" . tcp . 8989 }

            """.ReplaceLineEndings("\n"), named);
        var deny = NftRenderer.Render(AccessModel.Build(GoldenCase.Load("default-deny-ingress"))).PolicyRules;
        Assert.Equal(new PolicyRef("media", "deny-all"), Assert.Single(deny).Key);
        Assert.StartsWith("# isolates: the chain drops what no rule allows\nadd element inet homelab ingress_isolated { ", deny[new PolicyRef("media", "deny-all")], StringComparison.Ordinal);
    }

    [Fact]
    public void A_rule_with_many_peers_is_a_rule_line_in_the_chain_its_selected_services_dispatch_to()
    {
        var ruleset = GoldenCase.Render("rule-lines");
        var text = ruleset.PolicyRules[new PolicyRef("home", "all-from-media")];

        Assert.Contains("# home/all-from-media ingress[0]: too many peers to list as pairs, so a rule of its own", text, StringComparison.Ordinal);
        var rule = text.Split('\n').Single(l => l.StartsWith("add rule", StringComparison.Ordinal));
        var chain = rule.Split(' ')[4];
        Assert.Matches("^ingress_lines_[0-9a-f]{12}$", chain);
        // hass (hl4) is the one Service the policy selects: its packets reach the chain through the ingress map.
        Assert.Equal([$"\"hl0000000004\" : jump {chain}"], ruleset.Inet.Sets.Single(s => s.Name == "ingress_wide").Elements.Where(e => e.StartsWith("\"hl0000000004\"", StringComparison.Ordinal)));
        Assert.Contains("oifname vmap @ingress_wide", ruleset.Inet.Chains.Single(c => c.Name == "ingress").Rules);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Golden_inputs_compile_without_diagnostics(string name)
    {
        Assert.Empty(AccessModel.Build(GoldenCase.Load(name)).Diagnostics);
    }
}
