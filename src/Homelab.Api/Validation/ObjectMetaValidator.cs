using FluentValidation;
using FluentValidation.Results;
using Homelab.Api.Meta;

namespace Homelab.Api.Validation;

/// <summary>metadata: name, namespace (or its absence for cluster-scoped kinds), label and annotation syntax.</summary>
internal sealed class ObjectMetaValidator : AbstractValidator<ObjectMeta>
{
    /// <summary>Kubernetes' limit on the total size of a resource's annotations.</summary>
    private const int MaxAnnotationBytes = 256 * 1024;

    public ObjectMetaValidator(bool namespaced)
    {
        RuleFor(m => m.Name).Required().DependentRules(() => RuleFor(m => m.Name).Dns1123Label());
        if (namespaced)
        {
            RuleFor(m => m.Namespace).Must(ns => ns is null || KubernetesNames.CheckDns1123Label(ns) is null)
                .WithMessage(KubernetesNames.Dns1123LabelRule);
        }
        else
        {
            RuleFor(m => m.Namespace).Must(string.IsNullOrEmpty)
                .WithMessage("must be empty: this kind is cluster-scoped").WithErrorCode(CauseReasons.Forbidden);
        }
        RuleFor(m => m.Labels).Custom((labels, context) => CheckMap(labels, context, checkValue: KubernetesNames.CheckLabelValue));
        RuleFor(m => m.Annotations).Custom((annotations, context) =>
        {
            CheckMap(annotations, context, checkValue: null);
            var size = annotations?.Sum(a => a.Key.Length + a.Value?.Length ?? 0) ?? 0;
            if (size > MaxAnnotationBytes)
            {
                context.AddFailure(new ValidationFailure(context.PropertyPath, $"must total at most {MaxAnnotationBytes} characters, not {size}"));
            }
        });
    }

    private static void CheckMap(Dictionary<string, string>? map, ValidationContext<ObjectMeta> context, Func<string?, string?>? checkValue)
    {
        if (map is null)
        {
            return;
        }
        foreach (var (key, value) in map)
        {
            var path = $"{context.PropertyPath}[{key}]";
            if (KubernetesNames.CheckQualifiedName(key) is { } keyProblem)
            {
                context.AddFailure(new ValidationFailure(path, $"key {keyProblem}"));
            }
            else if (checkValue?.Invoke(value) is { } valueProblem)
            {
                context.AddFailure(new ValidationFailure(path, $"value \"{value}\" {valueProblem}"));
            }
        }
    }
}
