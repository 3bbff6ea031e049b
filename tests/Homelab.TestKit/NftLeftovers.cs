namespace Homelab.TestKit;

/// <summary>The nft tables a test's homelabd instance loaded (named for the instance), removed after the test.</summary>
public static class NftLeftovers
{
    public static async Task RemoveAsync(string instance)
    {
        foreach (var family in new[] { "inet", "arp" })
        {
            if ((await HostCommand.RunAsync("nft", "list", "tables", family)).Contains($"table {family} {instance}\n", StringComparison.Ordinal))
            {
                await HostCommand.RunAsync("nft", "delete", "table", family, instance);
            }
        }
    }
}
