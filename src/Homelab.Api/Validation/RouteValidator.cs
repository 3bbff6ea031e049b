using FluentValidation;
using Homelab.Api.Meta;
using Homelab.Api.Resources;

namespace Homelab.Api.Validation;

internal sealed class RouteValidator : AbstractValidator<Route>
{
    public RouteValidator()
    {
        RuleFor(r => r.Metadata).SetValidator(new ObjectMetaValidator(namespaced: true));
        RuleFor(r => r.Spec.Hostnames).NotEmpty().WithMessage("needs at least one hostname").WithErrorCode(CauseReasons.Required);
        RuleForEach(r => r.Spec.Hostnames).Must(h => Hostnames.Check(h) is null).WithMessage((_, h) => $"\"{h}\" {Hostnames.Check(h)}");
        RuleFor(r => r.Spec.Hostnames).Custom((hostnames, context) =>
            Unique.Check(context, hostnames, h => h, "", h => $"duplicate hostname \"{h}\""));
        RuleFor(r => r.Spec.Rules).NotEmpty().WithMessage("needs at least one rule with a backend").WithErrorCode(CauseReasons.Required);
        RuleForEach(r => r.Spec.Rules).ChildRules(rule =>
        {
            rule.RuleForEach(x => x.Matches).ChildRules(match =>
            {
                match.RuleFor(m => m.Path!.Type).OneOf(PathMatchTypes.Exact, PathMatchTypes.PathPrefix).When(m => m.Path is not null);
                match.RuleFor(m => m.Path!.Value)
                    .Must(v => v is null || (v.StartsWith('/') && !v.Contains("//", StringComparison.Ordinal) && !v.Any(c => char.IsWhiteSpace(c) || c is '?' or '#' or '*' or '%')))
                    .WithMessage((_, v) => $"must be an absolute path without '//', '?', '#', '*', '%' or spaces, not \"{v}\"")
                    .When(m => m.Path is not null);
            });
            rule.RuleFor(x => x.BackendRefs).NotEmpty().WithMessage("needs at least one backend (a Service of this namespace and its port)").WithErrorCode(CauseReasons.Required);
            rule.RuleForEach(x => x.BackendRefs).ChildRules(backend =>
            {
                backend.RuleFor(b => b.Name).Required().DependentRules(() => backend.RuleFor(b => b.Name).Dns1123Label());
                backend.RuleFor(b => b.Port).Must(p => p.Number is >= 1 and <= 65535 || (p.Name is { } n && KubernetesNames.CheckIanaServiceName(n) is null))
                    .WithMessage(b => b.Port.Name is null && b.Port.Number is null ? "is required: a port number or the name of one of the Service's ports" : $"must be a port number (1-65535) or a port name, not \"{b.Port}\"");
            });
        });
        RuleFor(r => r.Spec.Tls).Must(t => t is null || (t.IssuerRef is null) != string.IsNullOrEmpty(t.SecretName))
            .WithMessage(r => r.Spec.Tls!.IssuerRef is null
                ? "needs issuerRef or secretName (leave tls out for plain HTTP)"
                : "must set only one of issuerRef and secretName")
            .WithErrorCode(CauseReasons.Required);
        RuleFor(r => r.Spec.Tls!.IssuerRef!.Name).Required().When(r => r.Spec.Tls?.IssuerRef is not null);
        RuleFor(r => r.Spec.Tls!.SecretName).Must(s => KubernetesNames.CheckDns1123Subdomain(s) is null)
            .WithMessage((_, s) => $"\"{s}\" {KubernetesNames.CheckDns1123Subdomain(s)}")
            .When(r => !string.IsNullOrEmpty(r.Spec.Tls?.SecretName));
    }
}
