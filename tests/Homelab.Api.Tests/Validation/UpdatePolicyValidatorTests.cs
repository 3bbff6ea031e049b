using Homelab.Api.Resources;
using Xunit;

namespace Homelab.Api.Tests.Validation;

public sealed class UpdatePolicyValidatorTests
{
    private sealed record Case(Action<UpdatePolicySpec> Break, string Field, string Message);

    private static readonly Dictionary<string, Case> Cases = new()
    {
        ["neither schedule nor interval"] = new(s => s.Schedule = null, "spec.schedule", "needs exactly one of schedule (cron) or interval"),
        ["both schedule and interval"] = new(s => s.Interval = "6h", "spec.schedule", "must not be set together with interval"),
        ["cron with six fields"] = new(s => s.Schedule = "0 0 4 * * 6", "spec.schedule", "five-field cron"),
        ["cron garbage"] = new(s => s.Schedule = "nightly", "spec.schedule", "five-field cron"),
        ["interval not a duration"] = new(s => { s.Schedule = null; s.Interval = "6 hours"; }, "spec.interval", "not a duration"),
        ["interval too short"] = new(s => { s.Schedule = null; s.Interval = "1s"; }, "spec.interval", "must be at least 10s"),
        ["window day unknown"] = new(s => s.Window!.Days![1] = "Sunday", "spec.window.days[1]", "must be one of Mon, Tue, Wed, Thu, Fri, Sat, Sun"),
        ["window day repeated"] = new(s => s.Window!.Days![1] = "Sat", "spec.window.days[1]", "duplicate day"),
        ["window start not HH:mm"] = new(s => s.Window!.Start = "3:00", "spec.window.start", "HH:mm"),
        ["window end out of range"] = new(s => s.Window!.End = "24:30", "spec.window.end", "HH:mm"),
        ["window empty"] = new(s => s.Window!.End = "03:00", "spec.window.end", "must differ from start"),
        ["window time zone unknown"] = new(s => s.Window!.TimeZone = "Europe/Gotham", "spec.window.timeZone", "IANA time zone"),
        ["strategy unknown"] = new(s => s.Strategy = "latest", "spec.strategy", "must be one of digest, semver"),
        ["semver block with digest strategy"] = new(s => s.Strategy = "digest", "spec.semver", "only allowed with strategy semver"),
        ["semver allow unknown"] = new(s => s.Semver!.Allow = "any", "spec.semver.allow", "must be one of patch, minor, major"),
        ["tag pattern not a regex"] = new(s => s.Semver!.TagPattern = "^v(\\d+", "spec.semver.tagPattern", "valid regular expression"),
        ["mode unknown"] = new(s => s.Mode = "dry-run", "spec.mode", "must be one of apply, notify"),
        ["health timeout not a duration"] = new(s => s.HealthTimeout = "2", "spec.healthTimeout", "needs a unit"),
        ["keepImages zero"] = new(s => s.KeepImages = 0, "spec.keepImages", "at least 1"),
        ["maxParallel zero"] = new(s => s.MaxParallel = 0, "spec.maxParallel", "at least 1"),
        ["selector missing"] = new(s => s.ServiceSelector = null, "spec.serviceSelector", "is required"),
        ["selector invalid"] = new(s => s.ServiceSelector!.MatchLabels!["updates"] = "every week", "spec.serviceSelector.matchLabels[updates]", "label value"),
    };

    public static TheoryData<string> CaseNames => new(Cases.Keys);

    [Fact]
    public void The_reference_policy_is_valid() => CauseAssert.IsValid(Valid.UpdatePolicy());

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Each_rule_names_the_json_field_it_refuses(string name)
    {
        var policy = Valid.UpdatePolicy();
        var broken = Cases[name];
        broken.Break(policy.Spec);
        CauseAssert.Single(policy, broken.Field, broken.Message);
    }

    [Fact]
    public void An_interval_policy_with_digest_strategy_and_a_window_past_midnight_is_valid()
    {
        var policy = Valid.UpdatePolicy();
        policy.Spec.Schedule = null;
        policy.Spec.Interval = "6h";
        policy.Spec.Strategy = "digest";
        policy.Spec.Semver = null;
        policy.Spec.Window = new MaintenanceWindow { Start = "22:00", End = "04:00", TimeZone = "UTC" };
        CauseAssert.IsValid(policy);
    }
}
