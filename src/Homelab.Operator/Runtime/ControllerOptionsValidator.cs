using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Homelab.Operator.Runtime;

internal sealed partial class ControllerOptionsValidator : IValidateOptions<ControllerOptions>
{
    /// <summary>Hard upper bound on workers: the host has a couple of cores and the work is mostly waiting on Podman.</summary>
    public const int MaxWorkers = 64;

    public ValidateOptionsResult Validate(string? name, ControllerOptions options)
    {
        var failures = new List<string>();
        var label = string.IsNullOrEmpty(options.Name) ? name : options.Name;
        if (!NamePattern().IsMatch(options.Name))
        {
            failures.Add($"controller {label}: Name \"{options.Name}\" must be lowercase letters, digits and '-', starting with a letter");
        }
        if (options.Workers is < 1 or > MaxWorkers)
        {
            failures.Add($"controller {label}: Workers must be between 1 and {MaxWorkers}, not {options.Workers}");
        }
        if (!options.IsAggregate && options.UseFinalizer && !FinalizerPattern().IsMatch(options.EffectiveFinalizer))
        {
            failures.Add($"controller {label}: Finalizer \"{options.EffectiveFinalizer}\" must look like domain/name, e.g. homelab.dev/{options.Name}");
        }
        if (!options.IsAggregate && options.SecondaryWatches.Any(w => w.Mapper is null))
        {
            failures.Add($"controller {label}: Watches<T>() without a mapper is only for aggregate controllers; pass a mapper naming the keys to reconcile");
        }
        if (options.IsAggregate && options.SecondaryWatches.Any(w => w.Mapper is not null))
        {
            failures.Add($"controller {label}: an aggregate controller has one key; use Watches<T>() without a mapper");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    [GeneratedRegex("^[a-z][a-z0-9-]{0,62}$")]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"^[a-z0-9]([a-z0-9.-]*[a-z0-9])?/[A-Za-z0-9]([A-Za-z0-9_.-]*[A-Za-z0-9])?$")]
    private static partial Regex FinalizerPattern();
}
