namespace Homelab.Nftables.Access;

/// <summary>
/// Whether a new connection is allowed, and why. <see cref="Policies"/> names the rules that allow it, or, when it is
/// denied, the policies that isolate the side that denies it.
/// </summary>
public sealed record AccessDecision(bool Allowed, string Reason, IReadOnlyList<string> Policies, DirectionVerdict Egress, DirectionVerdict Ingress)
{
    /// <summary>
    /// What in the nft table makes the decision (<see cref="Rendering.NftExplain"/>): the set element or rule line of each
    /// allowing rule, or the isolation whose drop denies it. Empty when only the model was asked.
    /// </summary>
    public IReadOnlyList<string> Enforcement { get; init; } = [];
}
