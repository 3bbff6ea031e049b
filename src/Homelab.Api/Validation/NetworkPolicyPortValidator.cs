using FluentValidation;
using Homelab.Api.Meta;
using Homelab.Api.Resources;

namespace Homelab.Api.Validation;

internal sealed class NetworkPolicyPortValidator : AbstractValidator<NetworkPolicyPort>
{
    public NetworkPolicyPortValidator()
    {
        RuleFor(p => p.Protocol).OneOf(Protocols.All);
        RuleFor(p => p.Port).Must(port => port is null || (port.Value.IsNumber ? port.Value.Number is >= 1 and <= 65535 : KubernetesNames.CheckIanaServiceName(port.Value.Name) is null))
            .WithMessage((_, port) => port!.Value.IsNumber ? Rules.PortRange : $"\"{port}\" {KubernetesNames.IanaServiceNameRule}");
        RuleFor(p => p.EndPort).Must((p, _) => p.Port is { IsNumber: true })
            .When(p => p.EndPort is not null)
            .WithMessage("needs a numeric port to start the range").WithErrorCode(CauseReasons.Forbidden)
            .DependentRules(() =>
            {
                RuleFor(p => p.EndPort).Must((p, end) => end >= p.Port!.Value.Number && end <= 65535)
                    .WithMessage((p, end) => $"must be between port {p.Port!.Value.Number} and 65535, not {end}");
            });
    }
}
