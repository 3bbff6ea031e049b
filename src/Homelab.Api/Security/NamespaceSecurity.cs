using Homelab.Api.Resources;

namespace Homelab.Api.Security;

/// <summary>A namespace's three levels and its allowances, from its labels and annotations and the daemon's defaults.</summary>
public sealed record NamespaceSecurity(SecurityLevel Enforce, SecurityLevel Warn, SecurityLevel Audit, IReadOnlyList<string> AllowedHostPaths, IReadOnlyList<string> AllowedDevices)
{
    /// <summary>Nothing enforced: what an exempt namespace gets.</summary>
    public static readonly NamespaceSecurity Exempt = new(SecurityLevel.Privileged, SecurityLevel.Privileged, SecurityLevel.Privileged, [], []);

    /// <param name="defaultLevel">The daemon's --default-security-level: enforce when the namespace names none.</param>
    public static NamespaceSecurity Of(Namespace? ns, SecurityLevel defaultLevel)
    {
        var labels = ns?.Metadata.Labels ?? [];
        var annotations = ns?.Metadata.Annotations ?? [];
        SecurityLevel Level(string label, SecurityLevel fallback) =>
            labels.TryGetValue(label, out var text) && SecurityLevels.TryParse(text, out var level) ? level : fallback;
        return new NamespaceSecurity(
            Level(SecurityLabels.Enforce, defaultLevel),
            Level(SecurityLabels.Warn, SecurityLevel.Privileged),
            Level(SecurityLabels.Audit, SecurityLevel.Privileged),
            Prefixes(annotations.GetValueOrDefault(SecurityLabels.AllowedHostPaths)),
            Prefixes(annotations.GetValueOrDefault(SecurityLabels.AllowedDevices)));
    }

    private static IReadOnlyList<string> Prefixes(string? text) =>
        [.. (text ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(p => p.Length > 1 ? p.TrimEnd('/') : p)];
}
