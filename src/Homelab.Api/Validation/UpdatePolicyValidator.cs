using System.Globalization;
using System.Text.RegularExpressions;
using Cronos;
using FluentValidation;
using Homelab.Api.Resources;

namespace Homelab.Api.Validation;

internal sealed partial class UpdatePolicyValidator : AbstractValidator<UpdatePolicy>
{
    /// <summary>Registries rate-limit; checking more often than this helps no one.</summary>
    public static readonly TimeSpan MinimumInterval = TimeSpan.FromSeconds(10);

    public UpdatePolicyValidator()
    {
        RuleFor(p => p.Metadata).SetValidator(new ObjectMetaValidator(namespaced: true));
        RuleFor(p => p.Spec.ServiceSelector).NotNull().WithMessage("is required (an empty selector {} selects every Service of the namespace)")
            .WithErrorCode(CauseReasons.Required);
        RuleFor(p => p.Spec.ServiceSelector!).SetValidator(new LabelSelectorValidator()).When(p => p.Spec.ServiceSelector is not null);
        RuleFor(p => p.Spec.Schedule)
            .Must((p, schedule) => string.IsNullOrEmpty(schedule) != string.IsNullOrEmpty(p.Spec.Interval))
            .WithMessage(p => string.IsNullOrEmpty(p.Spec.Schedule)
                ? "needs exactly one of schedule (cron) or interval"
                : "must not be set together with interval")
            .WithErrorCode(CauseReasons.Required);
        RuleFor(p => p.Spec.Schedule).Custom((schedule, context) =>
        {
            if (string.IsNullOrEmpty(schedule))
            {
                return;
            }
            try
            {
                CronExpression.Parse(schedule, CronFormat.Standard);
            }
            catch (CronFormatException e)
            {
                context.AddFailure($"must be a five-field cron expression such as \"0 4 * * 6\": {e.Message}");
            }
        });
        RuleFor(p => p.Spec.Interval).Duration(MinimumInterval);
        RuleFor(p => p.Spec.Window!).ChildRules(window =>
        {
            window.RuleForEach(w => w.Days).OneOf(WeekDays.All);
            window.RuleFor(w => w.Days).Custom((days, context) => Unique.Check(context, days, d => d, "", d => $"duplicate day \"{d}\""));
            window.RuleFor(w => w.Start).Must(IsTimeOfDay).WithMessage((_, t) => $"must be a time of day HH:mm such as \"03:00\", not \"{t}\"");
            window.RuleFor(w => w.End).Must(IsTimeOfDay).WithMessage((_, t) => $"must be a time of day HH:mm such as \"06:00\", not \"{t}\"");
            window.RuleFor(w => w.End).Must((w, end) => end != w.Start).When(w => IsTimeOfDay(w.Start))
                .WithMessage("must differ from start (a window past midnight, 22:00 to 04:00, is fine)");
            window.RuleFor(w => w.TimeZone).Must(tz => tz is null || IsTimeZone(tz))
                .WithMessage((_, tz) => $"must be an IANA time zone such as \"Europe/Berlin\" or \"UTC\", not \"{tz}\"");
        }).When(p => p.Spec.Window is not null);
        RuleFor(p => p.Spec.Strategy).OneOf(UpdateStrategies.All);
        RuleFor(p => p.Spec.Semver).Null()
            .When(p => p.Spec.Strategy is null or UpdateStrategies.Digest)
            .WithMessage("is only allowed with strategy semver").WithErrorCode(CauseReasons.Forbidden);
        RuleFor(p => p.Spec.Semver!).ChildRules(semver =>
        {
            semver.RuleFor(s => s.Allow).OneOf(SemverAllowances.All);
            semver.RuleFor(s => s.TagPattern).Custom((pattern, context) =>
            {
                if (pattern is null)
                {
                    return;
                }
                try
                {
                    _ = new Regex(pattern, RegexOptions.None, TimeSpan.FromSeconds(1));
                }
                catch (ArgumentException e)
                {
                    context.AddFailure($"must be a valid regular expression: {e.Message}");
                }
            });
        }).When(p => p.Spec.Semver is not null);
        RuleFor(p => p.Spec.Mode).OneOf(UpdateModes.All);
        RuleFor(p => p.Spec.HealthTimeout).Duration(TimeSpan.FromSeconds(1));
        RuleFor(p => p.Spec.KeepImages).GreaterThanOrEqualTo(1).WithMessage("must be at least 1 (the running image)");
        RuleFor(p => p.Spec.MaxParallel).GreaterThanOrEqualTo(1).WithMessage("must be at least 1");
    }

    private static bool IsTimeOfDay(string? text) =>
        text is not null && TimeOfDay().IsMatch(text) && TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    private static bool IsTimeZone(string id)
    {
        try
        {
            _ = TimeZoneInfo.FindSystemTimeZoneById(id);
            return true;
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException)
        {
            return false;
        }
    }

    [GeneratedRegex("^[0-9]{2}:[0-9]{2}$")]
    private static partial Regex TimeOfDay();
}
