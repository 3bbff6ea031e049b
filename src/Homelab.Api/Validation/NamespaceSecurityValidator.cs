using FluentValidation;
using FluentValidation.Results;
using Homelab.Api.Meta;
using Homelab.Api.Security;

namespace Homelab.Api.Validation;

/// <summary>
/// A Namespace's security labels and allowances. A misspelt level must not quietly fall back to the daemon's default,
/// and an allowance must be a path a Service field can match.
/// </summary>
internal sealed class NamespaceSecurityValidator : AbstractValidator<ObjectMeta>
{
    public NamespaceSecurityValidator()
    {
        RuleFor(m => m.Labels).Custom((labels, context) =>
        {
            foreach (var label in new[] { SecurityLabels.Enforce, SecurityLabels.Warn, SecurityLabels.Audit })
            {
                if (labels?.TryGetValue(label, out var value) == true && !SecurityLevels.TryParse(value, out _))
                {
                    context.AddFailure(new ValidationFailure($"{context.PropertyPath}[{label}]",
                        $"value \"{value}\" must be one of {string.Join(", ", SecurityLevels.Names)}") { ErrorCode = CauseReasons.NotSupported });
                }
            }
        });
        RuleFor(m => m.Annotations).Custom((annotations, context) =>
        {
            CheckPrefixes(annotations, SecurityLabels.AllowedHostPaths, "/", context);
            CheckPrefixes(annotations, SecurityLabels.AllowedDevices, "/dev/", context);
        });
    }

    private static void CheckPrefixes(Dictionary<string, string>? annotations, string annotation, string root, ValidationContext<ObjectMeta> context)
    {
        if (annotations?.TryGetValue(annotation, out var text) != true)
        {
            return;
        }
        foreach (var prefix in text!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!prefix.StartsWith(root, StringComparison.Ordinal) || prefix.Split('/').Contains(".."))
            {
                context.AddFailure(new ValidationFailure($"{context.PropertyPath}[{annotation}]",
                    $"\"{prefix}\" must be an absolute path under {root} without \"..\""));
            }
        }
    }
}
