namespace Homelab.Nftables.Firewall;

/// <summary>nft failed: the ruleset was rejected, or nft could not be run. <see cref="Message"/> carries nft's own words.</summary>
public sealed class NftException(string message) : Exception(message);
