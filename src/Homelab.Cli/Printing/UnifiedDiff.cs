using System.Text;

namespace Homelab.Cli.Printing;

/// <summary>A unified diff (diff -u) of two texts, line by line, with three lines of context.</summary>
internal static class UnifiedDiff
{
    public const int Context = 3;

    /// <summary>The hunks, or "" when the texts are equal. Headers are the caller's.</summary>
    public static string Compute(string oldText, string newText)
    {
        var a = Lines(oldText);
        var b = Lines(newText);
        var script = EditScript(a, b);
        if (script.All(e => e.Kind == ' '))
        {
            return "";
        }
        var output = new StringBuilder();
        var i = 0;
        while (i < script.Count)
        {
            if (script[i].Kind == ' ')
            {
                i++;
                continue;
            }
            var start = Math.Max(0, i - Context);
            var end = i;
            // Extend the hunk while the next change is within 2×context of the last one.
            while (end < script.Count)
            {
                if (script[end].Kind != ' ')
                {
                    end++;
                    continue;
                }
                var next = end;
                while (next < script.Count && script[next].Kind == ' ')
                {
                    next++;
                }
                if (next < script.Count && next - end <= 2 * Context)
                {
                    end = next;
                    continue;
                }
                end = Math.Min(script.Count, end + Context);
                break;
            }
            AppendHunk(output, script, start, end);
            i = end;
        }
        return output.ToString();
    }

    private static void AppendHunk(StringBuilder output, IReadOnlyList<Edit> script, int start, int end)
    {
        var oldStart = script[start].OldLine;
        var newStart = script[start].NewLine;
        var oldCount = 0;
        var newCount = 0;
        for (var k = start; k < end; k++)
        {
            oldCount += script[k].Kind != '+' ? 1 : 0;
            newCount += script[k].Kind != '-' ? 1 : 0;
        }
        output.Append("@@ -").Append(Range(oldStart, oldCount)).Append(" +").Append(Range(newStart, newCount)).Append(" @@\n");
        for (var k = start; k < end; k++)
        {
            output.Append(script[k].Kind).Append(script[k].Text).Append('\n');
        }
    }

    /// <summary>diff's convention: an empty range names the line before it.</summary>
    private static string Range(int firstLine, int count) => count switch
    {
        0 => $"{firstLine - 1},0",
        1 => $"{firstLine}",
        _ => $"{firstLine},{count}",
    };

    private static string[] Lines(string text) => text.Length == 0 ? [] : text.TrimEnd('\n').Split('\n');

    /// <summary>Longest-common-subsequence edit script; manifests are small, so the quadratic table is fine.</summary>
    private static List<Edit> EditScript(string[] a, string[] b)
    {
        var lcs = new int[a.Length + 1, b.Length + 1];
        for (var x = a.Length - 1; x >= 0; x--)
        {
            for (var y = b.Length - 1; y >= 0; y--)
            {
                lcs[x, y] = a[x] == b[y] ? lcs[x + 1, y + 1] + 1 : Math.Max(lcs[x + 1, y], lcs[x, y + 1]);
            }
        }
        var script = new List<Edit>();
        int i = 0, j = 0;
        while (i < a.Length || j < b.Length)
        {
            if (i < a.Length && j < b.Length && a[i] == b[j])
            {
                script.Add(new Edit(' ', a[i], i + 1, j + 1));
                i++;
                j++;
            }
            else if (i < a.Length && (j == b.Length || lcs[i + 1, j] >= lcs[i, j + 1]))
            {
                script.Add(new Edit('-', a[i], i + 1, j + 1));
                i++;
            }
            else
            {
                script.Add(new Edit('+', b[j], i + 1, j + 1));
                j++;
            }
        }
        return script;
    }

    private readonly record struct Edit(char Kind, string Text, int OldLine, int NewLine);
}
