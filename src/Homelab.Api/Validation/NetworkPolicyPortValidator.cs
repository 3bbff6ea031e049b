using FluentValidation;
using FluentValidation.Results;
using Homelab.Api.Meta;
using Homelab.Api.Resources;

namespace Homelab.Api.Validation;

internal sealed class NetworkPolicyPortValidator : AbstractValidator<NetworkPolicyPort>
{
    public NetworkPolicyPortValidator()
    {
        RuleFor(p => p.Protocol).OneOf(Protocols.NetworkPolicy);
        RuleFor(p => p.Port).Must(port => port is null || (port.Value.IsNumber ? port.Value.Number is >= 1 and <= 65535 : KubernetesNames.CheckIanaServiceName(port.Value.Name) is null))
            .WithMessage((_, port) => port!.Value.IsNumber ? Rules.PortRange : $"\"{port}\" {KubernetesNames.IanaServiceNameRule}");
        RuleFor(p => p.EndPort).Custom((end, context) =>
        {
            var port = context.InstanceToValidate.Port;
            if (end is null)
            {
                return;
            }
            if (port is not { Number: { } start })
            {
                context.AddFailure(new ValidationFailure(context.PropertyPath, "needs a numeric port to start the range")
                {
                    ErrorCode = CauseReasons.Forbidden,
                });
            }
            else if (end < start || end > 65535)
            {
                context.AddFailure($"must be between port {start} and 65535, not {end}");
            }
        });
    }
}
