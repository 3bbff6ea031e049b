using Homelab.Nftables.Firewall;
using Homelab.Nftables.Rendering;

namespace Homelab.Controllers.Tests.NetworkPolicies;

/// <summary>
/// A kernel that keeps what was loaded, and a loader that remembers what it loaded last, as NftFirewall does: unchanged
/// text is not loaded twice, and the live table is only looked at when asked to verify. It can be told to reject loads.
/// </summary>
internal sealed class FakeFirewall : IFirewall
{
    private string? _lastLoaded;

    public List<NftRuleset> Loads { get; } = [];

    public NftRuleset? Live { get; private set; }

    public string? RejectWith { get; set; }

    /// <summary>How many times the live table was read.</summary>
    public int LiveChecks { get; private set; }

    /// <summary>nft's check of a ruleset: passes unless the fake is told to reject, as the kernel would reject a load.</summary>
    public Task<string> ProbeAsync(NftRuleset ruleset, CancellationToken cancellationToken) =>
        RejectWith is not null ? Task.FromException<string>(new NftException(RejectWith)) : Task.FromResult("nftables v1.0.6 (fake)");

    public Task<FirewallLoadResult> ApplyAsync(NftRuleset ruleset, bool verifyLive, CancellationToken cancellationToken)
    {
        if (verifyLive)
        {
            LiveChecks++;
        }
        if (ruleset.Text == _lastLoaded && (!verifyLive || Live?.Text == ruleset.Text))
        {
            return Task.FromResult(FirewallLoadResult.Unchanged);
        }
        if (RejectWith is not null)
        {
            throw new NftException(RejectWith);
        }
        Loads.Add(ruleset);
        Live = ruleset;
        _lastLoaded = ruleset.Text;
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
