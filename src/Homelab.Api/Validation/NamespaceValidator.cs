using FluentValidation;
using Homelab.Api.Resources;

namespace Homelab.Api.Validation;

internal sealed class NamespaceValidator : AbstractValidator<Namespace>
{
    public NamespaceValidator()
    {
        RuleFor(n => n.Metadata).SetValidator(new ObjectMetaValidator(namespaced: false));
        RuleFor(n => n.Metadata).SetValidator(new NamespaceSecurityValidator());
        // namespaceSelector picks namespaces by this label, so it must never name another namespace.
        RuleFor(n => n.Metadata.Labels)
            .Must((n, labels) => labels is null || !labels.TryGetValue(ApiGroup.NamespaceNameLabel, out var value) || value == n.Metadata.Name)
            .WithMessage(n => $"label {ApiGroup.NamespaceNameLabel} must equal the namespace's name \"{n.Metadata.Name}\"")
            .OverridePropertyName($"Metadata.Labels[{ApiGroup.NamespaceNameLabel}]");
    }
}
