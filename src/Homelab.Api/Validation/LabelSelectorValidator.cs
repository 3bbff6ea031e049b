using FluentValidation;
using FluentValidation.Results;
using Homelab.Api.Meta;

namespace Homelab.Api.Validation;

/// <summary>matchLabels syntax, and matchExpressions whose operator agrees with its values.</summary>
internal sealed class LabelSelectorValidator : AbstractValidator<LabelSelector>
{
    public LabelSelectorValidator()
    {
        RuleFor(s => s.MatchLabels).Custom((labels, context) =>
        {
            foreach (var (key, value) in labels ?? [])
            {
                var problem = KubernetesNames.CheckQualifiedName(key) is { } keyProblem
                    ? $"key {keyProblem}"
                    : KubernetesNames.CheckLabelValue(value) is { } valueProblem ? $"value \"{value}\" {valueProblem}" : null;
                if (problem is not null)
                {
                    context.AddFailure(new ValidationFailure($"{context.PropertyPath}[{key}]", problem));
                }
            }
        });
        RuleForEach(s => s.MatchExpressions).ChildRules(expression =>
        {
            expression.RuleFor(e => e.Key).Must(k => KubernetesNames.CheckQualifiedName(k) is null)
                .WithMessage((_, k) => $"\"{k}\" {KubernetesNames.CheckQualifiedName(k)}");
            expression.RuleFor(e => e.Operator).Must(o => SelectorOperators.All.Contains(o, StringComparer.Ordinal))
                .WithMessage((_, o) => $"must be one of {string.Join(", ", SelectorOperators.All)}, not \"{o}\"")
                .WithErrorCode(CauseReasons.NotSupported);
            expression.RuleFor(e => e.Values)
                .Must(v => v is { Count: > 0 })
                .When(e => e.Operator is SelectorOperators.In or SelectorOperators.NotIn)
                .WithMessage((e, _) => $"must list at least one value for operator {e.Operator}")
                .WithErrorCode(CauseReasons.Required);
            expression.RuleFor(e => e.Values)
                .Must(v => v is null or { Count: 0 })
                .When(e => e.Operator is SelectorOperators.Exists or SelectorOperators.DoesNotExist)
                .WithMessage((e, _) => $"must be empty for operator {e.Operator}")
                .WithErrorCode(CauseReasons.Forbidden);
            expression.RuleForEach(e => e.Values).Must(v => KubernetesNames.CheckLabelValue(v) is null)
                .WithMessage((_, v) => $"\"{v}\" {KubernetesNames.CheckLabelValue(v)}");
        });
    }
}
