using Homelab.Nftables.Access;
using Homelab.Nftables.Rendering;

namespace Homelab.Nftables.Tests;

public sealed class FirewallCompilerTests
{
    [Fact]
    public void The_same_inputs_again_get_the_last_result_without_compiling()
    {
        var compiler = new FirewallCompiler("homelab");
        var first = compiler.Compile(GoldenCase.Load("named-ports"));
        Assert.Same(first, compiler.Compile(GoldenCase.Load("named-ports")));
    }

    [Fact]
    public void Changed_inputs_are_compiled_and_then_kept()
    {
        var compiler = new FirewallCompiler("homelab");
        var input = GoldenCase.Load("named-ports");
        var first = compiler.Compile(input);
        var moved = input with { Services = [.. input.Services.Select(s => s.Name == "jellyfin" ? s with { Interface = "hl00000000ff" } : s)] };

        var second = compiler.Compile(moved);

        Assert.NotSame(first, second);
        Assert.Contains("\"hl00000000ff\"", second.Ruleset.Text, StringComparison.Ordinal);
        Assert.Equal(NftRenderer.Render(AccessModel.Build(moved)).Text, second.Ruleset.Text);
        Assert.Same(second, compiler.Compile(moved));
    }

    [Fact]
    public void Callers_on_many_threads_all_get_the_same_rules()
    {
        var compiler = new FirewallCompiler("homelab");
        var expected = NftRenderer.Render(AccessModel.Build(GoldenCase.Load("stacked-policies"))).Text;
        var names = GoldenTests.Cases.Select(c => (string)c[0]).ToList();

        Parallel.For(0, 200, i =>
        {
            // Interleave other inputs so the kept result keeps changing under the readers.
            var name = i % 3 == 0 ? names[i % names.Count] : "stacked-policies";
            var compiled = compiler.Compile(GoldenCase.Load(name));
            if (name == "stacked-policies")
            {
                Assert.Equal(expected, compiled.Ruleset.Text);
            }
        });
    }
}
