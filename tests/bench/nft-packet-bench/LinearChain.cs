using System.Text;

namespace NftPacketBench;

/// <summary>
/// A known per-packet cost, to show the bench can see one (--linear N): a table of the bench's own with a forward chain
/// of N rules that never match, which every forwarded packet walks before Homelab's chains. Never part of a real figure.
/// </summary>
internal static class LinearChain
{
    public static string TableOf(string table) => $"{table}-linear";

    /// <summary>Loads the chain with <paramref name="rules"/> rules, or removes it when there are none.</summary>
    public static async Task SetAsync(string table, int rules, CancellationToken cancellationToken)
    {
        var name = TableOf(table);
        var text = new StringBuilder($"table inet {name} {{}}\ndelete table inet {name}\n");
        if (rules > 0)
        {
            text.Append($"table inet {name} {{\n  chain forward {{\n    type filter hook forward priority -20; policy accept;\n");
            for (var i = 0; i < rules; i++)
            {
                // TEST-NET-1 addresses and the discard port: no packet of the bench matches, so each rule is one more comparison.
                text.Append($"    ip daddr 192.0.{i / 250}.{i % 250 + 1} tcp dport 9 counter\n");
            }
            text.Append("  }\n}\n");
        }
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, text.ToString(), cancellationToken);
            await Run.CheckedAsync(cancellationToken, "nft", "-f", file);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
