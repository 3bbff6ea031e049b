using Homelab.Nftables.Access;
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
    public void Golden_inputs_compile_without_diagnostics(string name)
    {
        Assert.Empty(AccessModel.Build(GoldenCase.Load(name)).Diagnostics);
    }
}
