namespace Homelab.Api.Security;

/// <summary>
/// How a Namespace chooses its levels (labels, as Pod Security Admission's pod-security.kubernetes.io/*) and what an admin
/// allows in it beyond baseline (annotations: comma-separated path prefixes).
/// </summary>
public static class SecurityLabels
{
    /// <summary>Writes that violate this level are refused (403).</summary>
    public const string Enforce = "homelab.dev/enforce";

    /// <summary>Writes that violate this level are accepted with a Warning.</summary>
    public const string Warn = "homelab.dev/warn";

    /// <summary>Writes that violate this level are accepted and recorded as an event.</summary>
    public const string Audit = "homelab.dev/audit";

    /// <summary>Host paths baseline lets Services of this namespace mount: each hostPath must equal one or lie below it.</summary>
    public const string AllowedHostPaths = "homelab.dev/allowed-host-paths";

    /// <summary>Devices baseline lets Services of this namespace map, as host path prefixes too (/dev/ttyACM0, /dev/dri).</summary>
    public const string AllowedDevices = "homelab.dev/allowed-devices";
}
