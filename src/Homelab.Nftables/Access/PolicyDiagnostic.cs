using Homelab.Nftables.Model;

namespace Homelab.Nftables.Access;

/// <summary>A part of a policy that could not be compiled; it is left out, so the policy allows less, never more.</summary>
public sealed record PolicyDiagnostic(PolicyRef Policy, string Field, string Message)
{
    public override string ToString() => $"{Field}: {Message}";
}
