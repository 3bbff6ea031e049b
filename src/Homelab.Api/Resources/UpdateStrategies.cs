namespace Homelab.Api.Resources;

/// <summary>UpdatePolicy.spec.strategy; digest when omitted.</summary>
public static class UpdateStrategies
{
    public const string Digest = "digest";
    public const string Semver = "semver";
    public static readonly string[] All = [Digest, Semver];
}
