using System.Text;
using Homelab.Nftables.Access;
using Homelab.Nftables.Rendering;

namespace Homelab.Nftables.Tests;

public sealed class NftWriterTests
{
    [Fact]
    public void Text_longer_than_the_first_buffer_comes_out_whole_and_indented()
    {
        using var writer = new NftWriter();
        var expected = new StringBuilder();
        writer.Open("table inet t");
        expected.Append("table inet t {\n");
        for (var i = 0; i < 5000; i++)
        {
            writer.Line($"rule {i}");
            writer.JoinedLine("elements = { ", [$"a{i}", "b", "c"], " }");
            expected.Append($"\trule {i}\n\telements = {{ a{i}, b, c }}\n");
        }
        writer.Close();
        expected.Append("}\n");

        Assert.Equal(expected.ToString(), writer.ToString());
        Assert.Equal(expected.Length, writer.Length);
    }

    [Fact]
    public void The_ruleset_text_is_the_inet_table_then_the_arp_table()
    {
        var ruleset = NftRenderer.Render(AccessModel.Build(GoldenCase.Load("named-ports")));

        Assert.StartsWith("table inet homelab {\n", ruleset.InetTable, StringComparison.Ordinal);
        Assert.EndsWith("\n}\n", ruleset.InetTable, StringComparison.Ordinal);
        Assert.StartsWith("table arp homelab {\n", ruleset.ArpTable, StringComparison.Ordinal);
        Assert.Equal(ruleset.Text, ruleset.InetTable + ruleset.ArpTable);
    }
}
