using Homelab.Api.Resources;

namespace Homelab.Api.Security;

/// <summary>
/// Kubernetes' Pod Security Standards, rule by rule, on Service fields. The table with each rule against the PSS text
/// is in docs/decisions/0030-security-levels.md; what a Service cannot express (host PID/IPC, seccomp, AppArmor, /proc mount,
/// sysctls, privilege escalation) Homelab never allows, so those rules always hold.
/// </summary>
public static class PodSecurity
{
    /// <summary>Capabilities baseline lets a Service add: Kubernetes' baseline list (the container runtime's defaults).</summary>
    public static readonly IReadOnlySet<string> BaselineCapabilities = new HashSet<string>(StringComparer.Ordinal)
    {
        "CAP_AUDIT_WRITE", "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL", "CAP_MKNOD",
        "CAP_NET_BIND_SERVICE", "CAP_SETFCAP", "CAP_SETGID", "CAP_SETPCAP", "CAP_SETUID", "CAP_SYS_CHROOT",
    };

    /// <summary>Every field of <paramref name="spec"/> that <paramref name="level"/> forbids, all at once.</summary>
    public static IReadOnlyList<SecurityViolation> Check(ServiceSpec spec, SecurityLevel level, NamespaceSecurity allowances)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(allowances);
        var found = new List<SecurityViolation>();
        if (level == SecurityLevel.Privileged)
        {
            return found;
        }
        var security = spec.SecurityContext;
        if (security?.Privileged == true)
        {
            found.Add(new("spec.securityContext.privileged", "baseline/privileged", "privileged containers are not allowed"));
        }
        for (var i = 0; i < (spec.ExtraNetworks?.Count ?? 0); i++)
        {
            found.Add(new($"spec.extraNetworks[{i}]", "baseline/host-network",
                "a LAN attachment puts the container on the host's network, outside Homelab's firewall"));
        }
        var capabilities = security?.Capabilities?.Add ?? [];
        for (var i = 0; i < capabilities.Count; i++)
        {
            var name = LinuxCapabilities.Normalize(capabilities[i]);
            if (level == SecurityLevel.Restricted ? name != "CAP_NET_BIND_SERVICE" : !BaselineCapabilities.Contains(name))
            {
                found.Add(new($"spec.securityContext.capabilities.add[{i}]", $"{Name(level)}/capabilities",
                    level == SecurityLevel.Restricted
                        ? $"{capabilities[i]} may not be added: only NET_BIND_SERVICE"
                        : $"{capabilities[i]} is beyond the baseline capabilities ({string.Join(", ", BaselineCapabilities.Order().Select(c => c[4..]))})"));
            }
        }
        for (var i = 0; i < (spec.Volumes?.Count ?? 0); i++)
        {
            if (spec.Volumes![i] is { HostPath: { Length: > 0 } path })
            {
                if (level == SecurityLevel.Restricted)
                {
                    found.Add(new($"spec.volumes[{i}].hostPath", "restricted/volume-types", "host paths are not allowed: only named volumes"));
                }
                else if (!Allowed(path, allowances.AllowedHostPaths))
                {
                    found.Add(new($"spec.volumes[{i}].hostPath", "baseline/host-path",
                        $"host path {path} is not allowed in this namespace (annotation {SecurityLabels.AllowedHostPaths}: {Describe(allowances.AllowedHostPaths)})"));
                }
            }
        }
        for (var i = 0; i < (spec.Devices?.Count ?? 0); i++)
        {
            var path = spec.Devices![i].HostPath;
            if (level == SecurityLevel.Restricted)
            {
                found.Add(new($"spec.devices[{i}].hostPath", "restricted/devices", "devices are not allowed"));
            }
            else if (!Allowed(path, allowances.AllowedDevices))
            {
                found.Add(new($"spec.devices[{i}].hostPath", "baseline/devices",
                    $"device {path} is not allowed in this namespace (annotation {SecurityLabels.AllowedDevices}: {Describe(allowances.AllowedDevices)})"));
            }
        }
        if (level == SecurityLevel.Restricted)
        {
            if (security?.RunAsUser is not > 0)
            {
                found.Add(new("spec.securityContext.runAsUser", "restricted/run-as-non-root",
                    "must name a user other than root (an image's USER cannot be seen before it runs)"));
            }
            if (security?.ReadOnlyRootFilesystem != true)
            {
                found.Add(new("spec.securityContext.readOnlyRootFilesystem", "restricted/read-only-root",
                    "must be true: the program writes only to named volumes"));
            }
            if (security?.UserNamespace == UserNamespaceModes.Host)
            {
                found.Add(new("spec.securityContext.userNamespace", "restricted/user-namespace",
                    "must not be host: the container's root would be the host's root"));
            }
        }
        return found;
    }

    private static string Name(SecurityLevel level) => SecurityLevels.Name(level);

    /// <summary>Equal to a prefix or below it; a ".." segment could climb out of any prefix, so it never matches.</summary>
    private static bool Allowed(string path, IReadOnlyList<string> prefixes) =>
        !path.Split('/').Contains("..")
        && prefixes.Any(p => path == p || path.StartsWith(p == "/" ? p : p + "/", StringComparison.Ordinal));

    private static string Describe(IReadOnlyList<string> prefixes) => prefixes.Count == 0 ? "none" : string.Join(",", prefixes);
}
