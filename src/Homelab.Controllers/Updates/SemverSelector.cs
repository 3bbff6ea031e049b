using Homelab.Api.Resources;
using Semver;

namespace Homelab.Controllers.Updates;

/// <summary>Picks the newer tags a semver policy allows, best first.</summary>
internal static class SemverSelector
{
    private const SemVersionStyles Styles = SemVersionStyles.AllowV | SemVersionStyles.OptionalPatch;

    public static bool TryParse(string tag, out SemVersion version) => SemVersion.TryParse(tag, Styles, out version!);

    /// <summary>Tags newer than <paramref name="current"/> within the allowed step, highest precedence first.</summary>
    public static IReadOnlyList<string> Candidates(SemVersion current, IEnumerable<string> tags, UpdatePolicySettings settings)
    {
        var candidates = new List<(string Tag, SemVersion Version)>();
        foreach (var tag in tags)
        {
            if (settings.TagPattern is not null && !settings.TagPattern.IsMatch(tag))
            {
                continue;
            }
            if (!TryParse(tag, out var version) || (version.IsPrerelease && !settings.IncludePrerelease))
            {
                continue;
            }
            if (version.ComparePrecedenceTo(current) <= 0 || !Allowed(current, version, settings.Allow))
            {
                continue;
            }
            candidates.Add((tag, version));
        }
        return candidates
            .OrderByDescending(c => c.Version, SemVersion.PrecedenceComparer)
            .ThenBy(c => c.Tag, StringComparer.Ordinal)
            .Select(c => c.Tag)
            .ToList();
    }

    private static bool Allowed(SemVersion current, SemVersion candidate, string allow) => allow switch
    {
        SemverAllowances.Patch => candidate.Major == current.Major && candidate.Minor == current.Minor,
        SemverAllowances.Minor => candidate.Major == current.Major,
        _ => true,
    };
}
