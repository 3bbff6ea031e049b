using Homelab.Cli.Printing;

namespace Homelab.Cli.Tests.Printing;

public sealed class UnifiedDiffTests
{
    [Fact]
    public void Equal_texts_have_no_diff() => Assert.Equal("", UnifiedDiff.Compute("a\nb\n", "a\nb\n"));

    [Fact]
    public void A_changed_line_shows_removal_then_addition_with_three_lines_of_context()
    {
        var before = "1\n2\n3\n4\n5\n6\n7\n8\n9\n";
        var after = "1\n2\n3\n4\nfive\n6\n7\n8\n9\n";

        Assert.Equal("@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n", UnifiedDiff.Compute(before, after));
    }

    [Fact]
    public void A_new_file_is_all_additions()
    {
        Assert.Equal("@@ -0,0 +1,2 @@\n+a\n+b\n", UnifiedDiff.Compute("", "a\nb\n"));
    }

    [Fact]
    public void Distant_changes_make_separate_hunks()
    {
        var before = string.Concat(Enumerable.Range(1, 20).Select(i => $"{i}\n"));
        var after = before.Replace("2\n", "two\n", StringComparison.Ordinal).Replace("19\n", "nineteen\n", StringComparison.Ordinal);

        var diff = UnifiedDiff.Compute(before, after);

        Assert.Equal(2, diff.Split('\n').Count(l => l.StartsWith("@@", StringComparison.Ordinal)));
        Assert.Contains("@@ -1,5 +1,5 @@\n 1\n-2\n+two\n", diff, StringComparison.Ordinal);
    }
}
