namespace Homelab.Api.Security;

/// <summary>Kubernetes' Pod Security Standards levels, from open to locked down.</summary>
public enum SecurityLevel
{
    Privileged,
    Baseline,
    Restricted,
}

public static class SecurityLevels
{
    /// <summary>The label values, as Pod Security Admission spells them.</summary>
    public static readonly string[] Names = ["privileged", "baseline", "restricted"];

    public static string Name(SecurityLevel level) => Names[(int)level];

    public static bool TryParse(string? text, out SecurityLevel level)
    {
        var index = Array.IndexOf(Names, text);
        level = index < 0 ? SecurityLevel.Privileged : (SecurityLevel)index;
        return index >= 0;
    }
}
