using FluentValidation;
using FluentValidation.Results;
using Homelab.Api.Meta;
using Homelab.Api.Resources;

namespace Homelab.Api.Validation;

internal sealed class ServicePortsValidator : AbstractValidator<ServiceSpec>
{
    public ServicePortsValidator()
    {
        RuleForEach(s => s.Ports).ChildRules(port =>
        {
            port.RuleFor(p => p.Name).Must(n => n is null || KubernetesNames.CheckIanaServiceName(n) is null)
                .WithMessage(KubernetesNames.IanaServiceNameRule);
            port.RuleFor(p => p.ContainerPort).Port();
            port.RuleFor(p => p.Protocol).OneOf(Protocols.All);
            port.RuleFor(p => p.HostPort).Port();
            port.RuleFor(p => p.HostIP).IpAddress();
            port.RuleFor(p => p.HostIP).Must(ip => ip is null).When(p => p.HostPort is null)
                .WithMessage("needs hostPort").WithErrorCode(CauseReasons.Forbidden);
        });
        RuleFor(s => s.Ports).Custom((ports, context) =>
        {
            Unique.Check(context, ports, p => p?.Name, "Name", n => $"duplicate port name \"{n}\"");
            Unique.Check(context, ports, p => p is null ? null : $"{p.ContainerPort}/{Rules.Protocol(p.Protocol)}", "ContainerPort", k => $"duplicate port {k}");
            CheckHostPorts(ports, context);
        });
    }

    /// <summary>Two publications of one host port and protocol clash when their addresses overlap; an unspecified
    /// address (all interfaces) overlaps every other.</summary>
    private static void CheckHostPorts(List<ServicePort>? ports, ValidationContext<ServiceSpec> context)
    {
        if (ports is null)
        {
            return;
        }
        for (var i = 0; i < ports.Count; i++)
        {
            if (ports[i] is not { HostPort: { } hostPort } port)
            {
                continue;
            }
            for (var j = 0; j < i; j++)
            {
                var other = ports[j];
                if (other?.HostPort != hostPort || Rules.Protocol(other.Protocol) != Rules.Protocol(port.Protocol))
                {
                    continue;
                }
                if (Rules.IsUnspecified(port.HostIP) || Rules.IsUnspecified(other.HostIP) || port.HostIP == other.HostIP)
                {
                    context.AddFailure(new ValidationFailure($"{context.PropertyPath}[{i}].HostPort",
                        $"host port {port.HostIP ?? "0.0.0.0"}:{hostPort}/{Rules.Protocol(port.Protocol)} is already published (also at index {j})")
                    {
                        ErrorCode = CauseReasons.Duplicate,
                    });
                    break;
                }
            }
        }
    }
}
