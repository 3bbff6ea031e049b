using Homelab.Api.Resources;
using Homelab.Controllers.Updates;

namespace Homelab.Controllers.Tests.Updates;

public sealed class UpdatePolicySettingsTests
{
    [Theory]
    [InlineData("strategy", "spec.strategy")]
    [InlineData("mode", "spec.mode")]
    [InlineData("schedule", "spec.schedule")]
    [InlineData("both", "not both")]
    [InlineData("interval", "spec.interval")]
    [InlineData("healthTimeout", "spec.healthTimeout")]
    [InlineData("maxParallel", "spec.maxParallel")]
    [InlineData("keepImages", "spec.keepImages")]
    [InlineData("allow", "spec.semver.allow")]
    [InlineData("tagPattern", "spec.semver.tagPattern")]
    public void Bad_input_names_the_field(string field, string expected)
    {
        var spec = new UpdatePolicySpec();
        switch (field)
        {
            case "strategy": spec.Strategy = "latest"; break;
            case "mode": spec.Mode = "yolo"; break;
            case "schedule": spec.Schedule = "every sunday"; break;
            case "both": spec.Schedule = "0 4 * * 6"; spec.Interval = "6h"; break;
            case "interval": spec.Interval = "6 hours"; break;
            case "healthTimeout": spec.HealthTimeout = "-1s"; break;
            case "maxParallel": spec.MaxParallel = 0; break;
            case "keepImages": spec.KeepImages = 0; break;
            case "allow": spec.Semver = new SemverPolicy { Allow = "any" }; break;
            case "tagPattern": spec.Semver = new SemverPolicy { TagPattern = "([" }; break;
        }

        Assert.False(UpdatePolicySettings.TryParse(spec, new UpdatePolicyOptions(), out _, out var error));
        Assert.Contains(expected, error);
    }

    [Fact]
    public void Cron_schedule_gives_the_next_occurrence_in_the_policy_time_zone()
    {
        var spec = new UpdatePolicySpec { Schedule = "0 4 * * 6", Window = new MaintenanceWindow { Start = "03:00", End = "06:00", TimeZone = "Europe/Berlin" } };

        Assert.True(UpdatePolicySettings.TryParse(spec, new UpdatePolicyOptions { TimeZone = TimeZoneInfo.Utc }, out var settings, out var error), error);
        Assert.Equal(new DateTimeOffset(2026, 11, 28, 3, 0, 0, TimeSpan.Zero), settings.NextCheck(new DateTimeOffset(2026, 11, 25, 0, 0, 0, TimeSpan.Zero)));
    }
}
