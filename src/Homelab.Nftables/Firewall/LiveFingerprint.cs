using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Homelab.Nftables.Firewall;

/// <summary>
/// A hash of a table as the kernel lists it (<c>nft -j list table</c>), without counter values and nft's metainfo. Taken
/// right after a load, it changes when anyone flushes, deletes or edits the table, so the next resync loads it again.
/// </summary>
internal static class LiveFingerprint
{
    public static string Of(string json)
    {
        var root = JsonNode.Parse(json)?["nftables"] as JsonArray ?? throw new NftException("nft -j printed no \"nftables\" list");
        var kept = new JsonArray();
        foreach (var item in root)
        {
            if (item is JsonObject obj && !obj.ContainsKey("metainfo"))
            {
                var copy = obj.DeepClone();
                StripCounters(copy);
                kept.Add(copy);
            }
        }
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(kept.ToJsonString())));
    }

    private static void StripCounters(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj["counter"] is JsonObject counter)
                {
                    counter.Remove("packets");
                    counter.Remove("bytes");
                }
                foreach (var (_, child) in obj)
                {
                    StripCounters(child);
                }
                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    StripCounters(child);
                }
                break;
        }
    }
}
