namespace Homelab.Nftables.Tests.Integration;

/// <summary>The kernel's own parser accepts every golden ruleset (nft -c changes nothing).</summary>
[Trait("Category", "Integration")]
public sealed class GoldenNftCheckTests
{
    public static IEnumerable<object[]> Cases => GoldenCase.Names();

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Nft_accepts_the_golden_ruleset(string name)
    {
        var result = await Shell.RunAsync("nft", ["-c", "-f", Path.Combine(GoldenCase.CaseDirectory(name), "expected.nft")]);
        Assert.True(result.ExitCode == 0, result.Error);
    }
}
