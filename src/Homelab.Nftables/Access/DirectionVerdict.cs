namespace Homelab.Nftables.Access;

/// <summary>One side of a decision: the source's egress or the destination's ingress.</summary>
public sealed record DirectionVerdict(bool Allowed, bool Isolated, string Reason, IReadOnlyList<string> Rules);
