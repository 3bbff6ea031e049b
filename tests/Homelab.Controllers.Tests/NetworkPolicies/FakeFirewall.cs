using Homelab.Nftables.Firewall;
using Homelab.Nftables.Rendering;

namespace Homelab.Controllers.Tests.NetworkPolicies;

/// <summary>A kernel that keeps what was loaded: unchanged text is not loaded twice; it can be told to reject loads.</summary>
internal sealed class FakeFirewall : IFirewall
{
    public List<NftRuleset> Loads { get; } = [];

    public NftRuleset? Live { get; private set; }

    public string? RejectWith { get; set; }

    public Task<FirewallLoadResult> ApplyAsync(NftRuleset ruleset, CancellationToken cancellationToken)
    {
        if (Live?.Text == ruleset.Text)
        {
            return Task.FromResult(FirewallLoadResult.Unchanged);
        }
        if (RejectWith is not null)
        {
            throw new NftException(RejectWith);
        }
        Loads.Add(ruleset);
        Live = ruleset;
        return Task.FromResult(FirewallLoadResult.Loaded);
    }

    /// <summary>As if someone ran nft flush by hand.</summary>
    public void Flush() => Live = null;

    public Task RemoveAsync(string tableName, CancellationToken cancellationToken)
    {
        Live = null;
        return Task.CompletedTask;
    }
}
