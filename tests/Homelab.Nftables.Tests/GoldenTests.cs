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
        var actual = NftRenderer.Render(AccessModel.Build(GoldenCase.Load(name))).Text;
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
        Assert.Equal(NftRenderer.Render(AccessModel.Build(input)).Text, NftRenderer.Render(AccessModel.Build(reversed)).Text);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_policy_text_is_made_of_the_sets_and_chains_of_the_table(string name)
    {
        var input = GoldenCase.Load(name);
        var ruleset = NftRenderer.Render(AccessModel.Build(input));
        Assert.Equal(input.Policies.Select(p => p.Ref.ToString()).Order(), ruleset.PolicyRules.Keys.Select(k => k.ToString()).Order());
        foreach (var (policy, text) in ruleset.PolicyRules)
        {
            Assert.Equal(text, ruleset.PolicyRules[policy]);
            // Each block (a set or a chain) is in the inet table as it is, one level deeper.
            foreach (var block in text.Split("\n}\n", StringSplitOptions.RemoveEmptyEntries))
            {
                Assert.Contains("\t" + block.Replace("\n", "\n\t", StringComparison.Ordinal) + "\n\t}\n", ruleset.InetTable, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void A_policy_text_is_its_sets_then_its_chains_and_empty_for_a_policy_without_rules()
    {
        var named = NftRenderer.Render(AccessModel.Build(GoldenCase.Load("named-ports"))).PolicyRules[new PolicyRef("media", "http-from-proxy")];
        Assert.StartsWith("set pol_in_media_http-from-proxy_0_named {\n\ttype ifname . inet_proto . inet_service\n", named, StringComparison.Ordinal);
        Assert.EndsWith("\n}\n", named, StringComparison.Ordinal);
        Assert.Contains("\nchain pol_in_media_http-from-proxy {\n", named, StringComparison.Ordinal);
        var deny = NftRenderer.Render(AccessModel.Build(GoldenCase.Load("default-deny-ingress"))).PolicyRules;
        Assert.Equal(new PolicyRef("media", "deny-all"), Assert.Single(deny).Key);
        Assert.Equal("", deny[new PolicyRef("media", "deny-all")]);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Golden_inputs_compile_without_diagnostics(string name)
    {
        Assert.Empty(AccessModel.Build(GoldenCase.Load(name)).Diagnostics);
    }
}
