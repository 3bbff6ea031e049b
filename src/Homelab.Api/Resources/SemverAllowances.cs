namespace Homelab.Api.Resources;

/// <summary>UpdatePolicy.spec.semver.allow: the largest version step taken automatically.</summary>
public static class SemverAllowances
{
    public const string Patch = "patch";
    public const string Minor = "minor";
    public const string Major = "major";
    public static readonly string[] All = [Patch, Minor, Major];
}
