using Homelab.Api.Security;

namespace Homelab.Store.Admission;

/// <summary>The daemon's part in the security levels: the level a namespace without an enforce label gets, and who is exempt.</summary>
public sealed class SecurityOptions
{
    /// <summary>Enforced where a Namespace has no homelab.dev/enforce label. homelabd: baseline (--default-security-level).</summary>
    public SecurityLevel DefaultLevel { get; set; } = SecurityLevel.Privileged;

    /// <summary>Namespaces no level applies to (--security-exempt-namespaces), as Pod Security Admission's exemptions.</summary>
    public IReadOnlyList<string> ExemptNamespaces { get; set; } = [];
}
