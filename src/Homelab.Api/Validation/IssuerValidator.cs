using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using FluentValidation;
using Homelab.Api.Resources;

namespace Homelab.Api.Validation;

internal sealed class IssuerValidator : AbstractValidator<Issuer>
{
    /// <summary>Shorter leaves would be renewed every few minutes; a test may still go that low.</summary>
    public static readonly TimeSpan MinimumDuration = TimeSpan.FromMinutes(1);

    public IssuerValidator()
    {
        RuleFor(i => i.Metadata).SetValidator(new ObjectMetaValidator(namespaced: false));
        RuleFor(i => i.Spec).Must(s => (s.Internal is null) != (s.Acme is null))
            .WithMessage(i => i.Spec.Internal is null ? "needs exactly one of internal or acme" : "must set only one of internal and acme")
            .WithErrorCode(CauseReasons.Required);
        RuleFor(i => i.Spec.Internal!.Duration).Duration(MinimumDuration).When(i => i.Spec.Internal is not null);
        RuleFor(i => i.Spec.Acme!.Server).Required().DependentRules(() =>
            RuleFor(i => i.Spec.Acme!.Server)
                .Must(s => Uri.TryCreate(s, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps)
                .WithMessage((_, s) => $"must be an https URL of an ACME directory, not \"{s}\""))
            .When(i => i.Spec.Acme is not null);
        RuleFor(i => i.Spec.Acme!.Email).Must(e => e is null || (e.Contains('@', StringComparison.Ordinal) && !e.Any(char.IsWhiteSpace)))
            .WithMessage((_, e) => $"must be an e-mail address, not \"{e}\"")
            .When(i => i.Spec.Acme is not null);
        RuleFor(i => i.Spec.Acme!.CaBundle).Must(b => CaBundleProblem(b) is null)
            .WithMessage((_, b) => $"must be PEM certificates (-----BEGIN CERTIFICATE-----): {CaBundleProblem(b)}")
            .When(i => i.Spec.Acme?.CaBundle is not null);
    }

    private static string? CaBundleProblem(string? bundle)
    {
        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPem(bundle);
        }
        catch (CryptographicException e)
        {
            return e.Message;
        }
        return certificates.Count == 0 ? "it holds no certificate" : null;
    }
}
