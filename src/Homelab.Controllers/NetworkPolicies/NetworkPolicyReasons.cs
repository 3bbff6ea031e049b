namespace Homelab.Controllers.NetworkPolicies;

/// <summary>Condition reasons the NetworkPolicy controller writes.</summary>
public static class NetworkPolicyReasons
{
    /// <summary>Ready=True: the table enforcing this generation is loaded.</summary>
    public const string Enforced = "Enforced";
    /// <summary>Ready=False: part of the spec could not be compiled and is left out (the rest is enforced).</summary>
    public const string InvalidPolicy = "InvalidPolicy";
    /// <summary>Ready=False: nft rejected the ruleset or could not run; the previous rules stay in force.</summary>
    public const string LoadFailed = "NftLoadFailed";
}
