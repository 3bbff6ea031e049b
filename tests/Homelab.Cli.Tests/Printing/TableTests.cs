using Homelab.Cli.Printing;

namespace Homelab.Cli.Tests.Printing;

public sealed class TableTests
{
    [Fact]
    public void Columns_are_padded_to_the_widest_cell_plus_three_spaces_and_the_last_is_not_padded()
    {
        var table = new Table(["NAME", "IMAGE", "AGE"]);
        table.Add(["web", "nginx:1.27", "5s"]);
        table.Add(["jellyfin", "jellyfin:10", "3m"]);

        var lines = table.Render().Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(
        [
            "NAME       IMAGE         AGE",
            "web        nginx:1.27    5s",
            "jellyfin   jellyfin:10   3m",
        ], lines);
    }

    [Fact]
    public void A_row_with_the_wrong_number_of_cells_is_refused() =>
        Assert.Throws<ArgumentException>(() => new Table(["A", "B"]).Add(["only one"]));

    [Fact]
    public void Watch_rows_keep_the_widths_of_the_first_table()
    {
        var table = new Table(["NAME", "AGE"]);
        table.Add(["a-long-name", "1s"]);

        Assert.Equal("web           2s\n", Table.RenderRow(["web", "2s"], table.Widths()));
    }
}
