using Homelab.Api.Resources;
using Homelab.Controllers.Updates;

namespace Homelab.Controllers.Tests.Updates;

public sealed class SemverSelectorTests
{
    private static readonly string[] Tags = ["1.2.3", "1.2.4", "1.2.10", "1.3.0", "1.4.0-beta.1", "2.0.0", "v2.1.0", "latest", "1.2.3-alpine"];

    private static IReadOnlyList<string> Pick(string current, string allow, string? pattern = null, bool prerelease = false)
    {
        var spec = new UpdatePolicySpec { Strategy = "semver", Semver = new SemverPolicy { Allow = allow, TagPattern = pattern, IncludePrerelease = prerelease } };
        Assert.True(UpdatePolicySettings.TryParse(spec, new UpdatePolicyOptions(), out var settings, out var error), error);
        Assert.True(SemverSelector.TryParse(current, out var version));
        return SemverSelector.Candidates(version, Tags, settings);
    }

    [Fact]
    public void Patch_stays_within_the_minor_release() =>
        Assert.Equal(["1.2.10", "1.2.4"], Pick("1.2.3", "patch"));

    [Fact]
    public void Minor_stays_within_the_major_release_and_skips_prereleases() =>
        Assert.Equal(["1.3.0", "1.2.10", "1.2.4"], Pick("1.2.3", "minor"));

    [Fact]
    public void Prereleases_are_offered_only_when_asked_for() =>
        Assert.Equal("1.4.0-beta.1", Pick("1.2.3", "minor", prerelease: true)[0]);

    [Fact]
    public void Major_allows_everything_newer_including_v_prefixed_tags() =>
        Assert.Equal(["v2.1.0", "2.0.0"], Pick("1.2.3", "major").Take(2));

    [Fact]
    public void Tag_pattern_filters_candidates() =>
        Assert.Equal(["2.0.0", "1.3.0"], Pick("1.2.3", "major", pattern: @"^\d+\.\d+\.0$"));
}
