using Homelab.Nftables.Rendering;

namespace Homelab.Nftables.Firewall;

/// <summary>The kernel's copy of Homelab's firewall tables. Only Homelab's own tables are ever touched.</summary>
public interface IFirewall
{
    /// <summary>
    /// Makes the kernel hold exactly <paramref name="ruleset"/>, in one atomic transaction (an update of what changed since the
    /// last call, or a full load), unless it is what was last loaded (and, with <paramref name="verifyLive"/>, the live tables still match it: a flushed or
    /// hand-edited table is loaded again). Without <paramref name="verifyLive"/> an unchanged ruleset costs no nft call.
    /// </summary>
    /// <exception cref="NftException">nft rejected the ruleset or could not run; the previous tables stay in force.</exception>
    Task<FirewallLoadResult> ApplyAsync(NftRuleset ruleset, bool verifyLive, CancellationToken cancellationToken);

    /// <summary>
    /// Whether nft runs and the kernel would accept <paramref name="ruleset"/> (<c>nft -c</c>: checked, nothing loaded).
    /// Returns nft's version line.
    /// </summary>
    /// <exception cref="NftException">nft cannot run, or the kernel refuses the ruleset.</exception>
    Task<string> ProbeAsync(NftRuleset ruleset, CancellationToken cancellationToken);

    /// <summary>Deletes Homelab's tables (uninstall, tests). Missing tables are fine.</summary>
    Task RemoveAsync(string tableName, CancellationToken cancellationToken);
}

public enum FirewallLoadResult
{
    /// <summary>The tables were loaded in full (first load, repair of a change made outside Homelab, or a change no update can make).</summary>
    Loaded,
    /// <summary>The loaded tables were changed in place: set elements and rule-line chains, in one transaction.</summary>
    Updated,
    /// <summary>The live tables already matched; nothing was written.</summary>
    Unchanged,
}
