using Microsoft.Extensions.Options;

namespace Homelab.Operator.Runtime;

internal sealed class OperatorOptionsValidator : IValidateOptions<OperatorOptions>
{
    public ValidateOptionsResult Validate(string? name, OperatorOptions options)
    {
        var failures = new List<string>();
        if (options.ResyncPeriod < TimeSpan.Zero && options.ResyncPeriod != Timeout.InfiniteTimeSpan)
        {
            failures.Add($"Operator:ResyncPeriod must be positive, zero or infinite (off), not {options.ResyncPeriod}");
        }
        if (options.BackoffInitial <= TimeSpan.Zero)
        {
            failures.Add($"Operator:BackoffInitial must be positive, not {options.BackoffInitial}");
        }
        if (options.BackoffMax < options.BackoffInitial)
        {
            failures.Add($"Operator:BackoffMax ({options.BackoffMax}) must not be less than BackoffInitial ({options.BackoffInitial})");
        }
        if (options.WatchRestartDelay <= TimeSpan.Zero)
        {
            failures.Add($"Operator:WatchRestartDelay must be positive, not {options.WatchRestartDelay}");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
