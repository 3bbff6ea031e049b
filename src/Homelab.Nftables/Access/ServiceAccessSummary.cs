namespace Homelab.Nftables.Access;

/// <summary>
/// The effective access of one Service: for each direction whether it is isolated, by which policies, and the rules that
/// open it. Not isolated means everything is allowed in that direction.
/// </summary>
public sealed record ServiceAccessSummary(
    string Service,
    bool IngressIsolated,
    IReadOnlyList<string> IngressPolicies,
    IReadOnlyList<RuleSummary> IngressRules,
    bool EgressIsolated,
    IReadOnlyList<string> EgressPolicies,
    IReadOnlyList<RuleSummary> EgressRules);
