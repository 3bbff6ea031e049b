using FluentValidation;
using Homelab.Api.Resources;

namespace Homelab.Api.Validation;

internal sealed class NetworkPolicyValidator : AbstractValidator<NetworkPolicy>
{
    public NetworkPolicyValidator()
    {
        RuleFor(p => p.Metadata).SetValidator(new ObjectMetaValidator(namespaced: true));
        RuleFor(p => p.Spec.ServiceSelector).NotNull().WithMessage("is required (an empty selector {} selects every Service of the namespace)")
            .WithErrorCode(CauseReasons.Required);
        RuleFor(p => p.Spec.ServiceSelector!).SetValidator(new LabelSelectorValidator()).When(p => p.Spec.ServiceSelector is not null);
        RuleForEach(p => p.Spec.PolicyTypes).OneOf(PolicyTypes.Ingress, PolicyTypes.Egress);
        RuleFor(p => p.Spec.PolicyTypes).Custom((types, context) =>
            Unique.Check(context, types, t => t, "", t => $"duplicate policy type \"{t}\""));
        RuleForEach(p => p.Spec.Ingress).ChildRules(rule =>
        {
            rule.RuleForEach(r => r.From).SetValidator(new NetworkPolicyPeerValidator());
            rule.RuleForEach(r => r.Ports).SetValidator(new NetworkPolicyPortValidator());
        });
        RuleForEach(p => p.Spec.Egress).ChildRules(rule =>
        {
            rule.RuleForEach(r => r.To).SetValidator(new NetworkPolicyPeerValidator());
            rule.RuleForEach(r => r.Ports).SetValidator(new NetworkPolicyPortValidator());
        });
    }
}
