using System.Text;

namespace Homelab.Cli.Printing;

/// <summary>A kubectl-style table: upper-case headers, columns padded to their widest cell plus three spaces, the last column unpadded.</summary>
internal sealed class Table(IReadOnlyList<string> headers)
{
    public const int Gap = 3;
    private readonly List<IReadOnlyList<string>> _rows = [];

    public IReadOnlyList<string> Headers { get; } = headers;

    public int Count => _rows.Count;

    public void Add(IReadOnlyList<string> row)
    {
        if (row.Count != Headers.Count)
        {
            throw new ArgumentException($"a row has {row.Count} cells but the table has {Headers.Count} columns", nameof(row));
        }
        _rows.Add(row);
    }

    public string Render(bool withHeaders = true)
    {
        var widths = Widths();
        var text = new StringBuilder();
        foreach (var row in withHeaders ? _rows.Prepend(Headers) : _rows)
        {
            AppendRow(text, row, widths);
        }
        return text.ToString();
    }

    /// <summary>One row on its own, padded to <paramref name="widths"/>: how watch output keeps printing under the first table.</summary>
    public static string RenderRow(IReadOnlyList<string> row, IReadOnlyList<int> widths)
    {
        var text = new StringBuilder();
        AppendRow(text, row, widths);
        return text.ToString();
    }

    public IReadOnlyList<int> Widths()
    {
        var widths = new int[Headers.Count];
        foreach (var row in _rows.Prepend(Headers))
        {
            for (var i = 0; i < row.Count; i++)
            {
                widths[i] = Math.Max(widths[i], row[i].Length);
            }
        }
        return widths;
    }

    private static void AppendRow(StringBuilder text, IReadOnlyList<string> row, IReadOnlyList<int> widths)
    {
        for (var i = 0; i < row.Count; i++)
        {
            if (i == row.Count - 1)
            {
                text.Append(row[i]);
            }
            else
            {
                text.Append(row[i].PadRight(Math.Max(widths[i], row[i].Length) + Gap));
            }
        }
        text.Append('\n');
    }
}
