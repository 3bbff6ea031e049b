using System.Text.Json.Nodes;
using Homelab.Nftables.Access;
using Homelab.Nftables.Firewall;
using Homelab.Nftables.Model;
using Homelab.Nftables.Rendering;

namespace Homelab.Nftables.Tests.Integration;

/// <summary>Changes made in place, element by element, on real packets, and checked against a full load of the same rules.</summary>
[Trait("Category", "Integration")]
public sealed class InPlaceUpdateTests(PacketLab lab) : IClassFixture<PacketLab>
{
    private static readonly PolicyInput DenyAll = Policies.Parse("media", "deny-all", "serviceSelector: {}\npolicyTypes: [Ingress]");

    private static readonly PolicyInput WebFromClient = Policies.Parse("media", "web-from-client", """
        serviceSelector: {matchLabels: {app: web}}
        ingress: [{from: [{serviceSelector: {matchLabels: {app: client}}}], ports: [{port: http}]}]
        """);

    [Fact]
    public async Task A_policy_added_and_removed_is_applied_in_place_and_takes_effect()
    {
        await lab.ApplyAsync(DenyAll);
        Assert.False(await lab.CanConnectAsync("client", "web", 8080));

        await lab.ApplyAsync(DenyAll, WebFromClient);
        Assert.Equal(FirewallLoadResult.Updated, lab.LastLoad);
        Assert.True(await lab.CanConnectAsync("client", "web", 8080));
        Assert.False(await lab.CanConnectAsync("proxy", "web", 8080));

        await lab.ApplyAsync(DenyAll);
        Assert.Equal(FirewallLoadResult.Updated, lab.LastLoad);
        Assert.False(await lab.CanConnectAsync("client", "web", 8080));
    }

    [Fact]
    public async Task After_updates_the_kernel_holds_what_a_full_load_of_the_same_rules_gives()
    {
        // Through pairs, rule lines and back, with a Service leaving and coming back in between.
        await lab.ApplyAsync(DenyAll);
        lab.MaxPairs = 0;
        await lab.ApplyAsync(DenyAll, WebFromClient);
        lab.MaxPairs = RenderPass.MaxPairs;
        var withoutProxy = lab.Services.Values.Where(s => s.Name != "proxy").ToList();
        await lab.ApplyAsync(withoutProxy, DenyAll, WebFromClient);
        var model = await lab.ApplyAsync(DenyAll, WebFromClient);
        Assert.Equal(FirewallLoadResult.Updated, lab.LastLoad);
        var updated = await ListingAsync();

        await lab.Firewall.RemoveAsync(lab.TableName, CancellationToken.None);
        Assert.Equal(FirewallLoadResult.Loaded, await lab.Firewall.ApplyAsync(NftRenderer.Render(model, lab.TableName), verifyLive: true, CancellationToken.None));

        Assert.Equal(await ListingAsync(), updated);
    }

    [Fact]
    public async Task An_update_nft_refuses_becomes_a_full_load()
    {
        await lab.ApplyAsync(DenyAll);
        // Someone deletes an element the next update deletes too: nft refuses the whole update, which changes nothing.
        await Shell.CheckedAsync("nft", "delete", "element", "inet", lab.TableName, "ingress_isolated", $"{{ \"{lab.Services["web"].Interface}\" }}");

        await lab.ApplyAsync();

        Assert.Equal(FirewallLoadResult.Loaded, lab.LastLoad);
        Assert.True(await lab.CanConnectAsync("client", "web", 8080));
        await lab.ApplyAsync(DenyAll);
        Assert.Equal(FirewallLoadResult.Updated, lab.LastLoad);
        Assert.False(await lab.CanConnectAsync("client", "web", 8080));
    }

    /// <summary>
    /// Both tables as nft lists them, each set's elements sorted (a hash set lists them in its own order), without handles
    /// and counter values.
    /// </summary>
    private async Task<string> ListingAsync()
    {
        var text = "";
        foreach (var family in new[] { "inet", "arp" })
        {
            var json = JsonNode.Parse(await Shell.CheckedAsync("nft", "-j", "list", "table", family, lab.TableName))!["nftables"]!.AsArray();
            foreach (var item in json)
            {
                if (item is JsonObject obj && !obj.ContainsKey("metainfo"))
                {
                    var copy = (JsonObject)obj.DeepClone();
                    var body = (JsonObject)copy.First().Value!;
                    body.Remove("handle");
                    if (body["elem"] is JsonArray elements)
                    {
                        body["elem"] = new JsonArray([.. elements.Select(e => e!.ToJsonString()).Order(StringComparer.Ordinal).Select(e => JsonNode.Parse(e))]);
                    }
                    text += copy.ToJsonString() + "\n";
                }
            }
        }
        return System.Text.RegularExpressions.Regex.Replace(text, "\"packets\":\\d+,\"bytes\":\\d+", "");
    }
}
