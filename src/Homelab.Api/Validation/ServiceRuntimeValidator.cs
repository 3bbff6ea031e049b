using System.Globalization;
using FluentValidation;
using Homelab.Api.Resources;
using Homelab.Api.Values;

namespace Homelab.Api.Validation;

/// <summary>Limits, health check and security context.</summary>
internal sealed class ServiceRuntimeValidator : AbstractValidator<ServiceSpec>
{
    public ServiceRuntimeValidator()
    {
        RuleFor(s => s.Resources!.Memory).Custom((memory, context) =>
        {
            if (memory is null)
            {
                return;
            }
            if (!Quantity.TryParse(memory, out var size, out var error))
            {
                context.AddFailure(error);
            }
            else if (size.Bytes < 4 * 1024 * 1024)
            {
                // Podman refuses less than 6 MB on cgroup v2 hosts anyway; below 4Mi is certainly a typo.
                context.AddFailure($"must be at least 4Mi, not \"{memory}\"");
            }
        }).When(s => s.Resources is not null);
        RuleFor(s => s.Resources!.Cpus)
            .Must(c => c is null || (decimal.TryParse(c, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n) && n > 0))
            .WithMessage((_, c) => $"must be a positive decimal number of CPUs such as \"0.5\" or \"2\", not \"{c}\"")
            .When(s => s.Resources is not null);
        RuleFor(s => s.Resources!.Pids).GreaterThan(0).WithMessage("must be greater than 0").When(s => s.Resources is not null);

        RuleFor(s => s.HealthCheck!).ChildRules(health =>
        {
            health.RuleFor(h => h.Command).Must(c => c is { Count: > 0 } && !string.IsNullOrEmpty(c[0]))
                .WithMessage("must name the program to run").WithErrorCode(CauseReasons.Required);
            health.RuleFor(h => h.Interval).Duration(TimeSpan.FromSeconds(1));
            health.RuleFor(h => h.Timeout).Duration(TimeSpan.FromMilliseconds(1));
            health.RuleFor(h => h.StartPeriod).Duration();
            health.RuleFor(h => h.Retries).GreaterThanOrEqualTo(1).WithMessage("must be at least 1");
            health.RuleFor(h => h.PeriodSeconds).GreaterThanOrEqualTo(1).WithMessage("must be at least 1");
            health.RuleFor(h => h.TimeoutSeconds).GreaterThanOrEqualTo(1).WithMessage("must be at least 1");
            health.RuleFor(h => h.FailureThreshold).GreaterThanOrEqualTo(1).WithMessage("must be at least 1");
            health.RuleFor(h => h.StartPeriodSeconds).GreaterThanOrEqualTo(0).WithMessage("must not be negative");
            health.RuleFor(h => h.PeriodSeconds).Null().When(h => h.Interval is not null)
                .WithMessage("set periodSeconds or interval, not both (they are the same setting)");
            health.RuleFor(h => h.TimeoutSeconds).Null().When(h => h.Timeout is not null)
                .WithMessage("set timeoutSeconds or timeout, not both (they are the same setting)");
            health.RuleFor(h => h.FailureThreshold).Null().When(h => h.Retries is not null)
                .WithMessage("set failureThreshold or retries, not both (they are the same setting)");
            health.RuleFor(h => h.StartPeriodSeconds).Null().When(h => h.StartPeriod is not null)
                .WithMessage("set startPeriodSeconds or startPeriod, not both (they are the same setting)");
        }).When(s => s.HealthCheck is not null);
        RuleFor(s => s.MinReadySeconds).GreaterThanOrEqualTo(0).WithMessage("must not be negative");

        RuleFor(s => s.SecurityContext!).ChildRules(security =>
        {
            security.RuleFor(c => c.RunAsUser).GreaterThanOrEqualTo(0).WithMessage("must be 0 or greater");
            security.RuleFor(c => c.RunAsGroup).GreaterThanOrEqualTo(0).WithMessage("must be 0 or greater");
            security.RuleFor(c => c.UserNamespace).OneOf(UserNamespaceModes.All);
            security.RuleForEach(c => c.Capabilities!.Add).Must(LinuxCapabilities.IsKnown)
                .WithMessage((_, cap) => $"\"{cap}\" is not a Linux capability (such as NET_ADMIN or CAP_NET_BIND_SERVICE)")
                .When(c => c.Capabilities is not null);
        }).When(s => s.SecurityContext is not null);
    }
}
