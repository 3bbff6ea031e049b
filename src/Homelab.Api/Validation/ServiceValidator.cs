using FluentValidation;
using Homelab.Api.Resources;

namespace Homelab.Api.Validation;

internal sealed class ServiceValidator : AbstractValidator<Service>
{
    public ServiceValidator()
    {
        RuleFor(s => s.Metadata).SetValidator(new ObjectMetaValidator(namespaced: true));
        RuleFor(s => s.Spec).SetValidator(new ServiceSpecValidator());
    }
}
