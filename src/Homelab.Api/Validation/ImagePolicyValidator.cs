using FluentValidation;
using Homelab.Api.Resources;
using Homelab.Api.Security;

namespace Homelab.Api.Validation;

internal sealed class ImagePolicyValidator : AbstractValidator<ImagePolicy>
{
    public ImagePolicyValidator()
    {
        RuleFor(p => p.Metadata).SetValidator(new ObjectMetaValidator(namespaced: false));
        RuleFor(p => p.Spec.NamespaceSelector).SetValidator(new LabelSelectorValidator()!);
        RuleForEach(p => p.Spec.AllowedRegistries).Must(ImageScope.IsValid!)
            .WithMessage((_, scope) => $"\"{scope}\" {ImageScope.Rule}");
        RuleForEach(p => p.Spec.Signatures).ChildRules(signature =>
        {
            signature.RuleFor(s => s.Scope).Required().DependentRules(() =>
                signature.RuleFor(s => s.Scope).Must(ImageScope.IsValid).WithMessage((_, scope) => $"\"{scope}\" {ImageScope.Rule}"));
            signature.RuleFor(s => s.SignedBy).NotNull().WithMessage("is required").WithErrorCode(CauseReasons.Required);
            signature.RuleFor(s => s.SignedBy!.KeyData).Required().When(s => s.SignedBy is not null).DependentRules(() =>
                signature.RuleFor(s => s.SignedBy!.KeyData)
                    .Must(key => key.Contains("-----BEGIN PGP PUBLIC KEY BLOCK-----", StringComparison.Ordinal) && key.Contains("-----END PGP PUBLIC KEY BLOCK-----", StringComparison.Ordinal))
                    .WithMessage("must be an ASCII-armored OpenPGP public key block (gpg --armor --export KEY)")
                    .When(s => s.SignedBy is not null));
        });
        RuleFor(p => p.Spec.Signatures).Custom((signatures, context) =>
            Unique.Check(context, signatures, s => s?.Scope, "Scope", scope => $"duplicate scope \"{scope}\": put both keys in one keyData"));
    }
}
