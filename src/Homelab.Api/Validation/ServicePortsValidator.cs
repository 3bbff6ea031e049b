using System.Net;
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
            // netavark 1.4 (Debian 12) publishes IPv6 host ports with ip6tables DNAT: "::" is taken literally and matches
            // no packet (containers/netavark#636, fixed in 1.6), and the kernel has no route_localnet for IPv6, so
            // [::1] is never forwarded (containers/podman#14491). Refused here rather than published on nothing.
            port.RuleFor(p => p.HostIP).Must(ip => !IsIPv6(ip, IPAddress.IPv6Any))
                .WithMessage("\"::\" publishes on no address with netavark 1.4; omit hostIP to publish on every IPv4 and IPv6 address of the host")
                .WithErrorCode(CauseReasons.NotSupported);
            port.RuleFor(p => p.HostIP).Must(ip => !IsIPv6(ip, IPAddress.IPv6Loopback))
                .WithMessage("\"::1\" cannot be published: the kernel forwards no IPv6 loopback traffic to containers; use 127.0.0.1 for a host-only port")
                .WithErrorCode(CauseReasons.NotSupported);
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

    private static bool IsIPv6(string? text, IPAddress address) => IPAddress.TryParse(text, out var ip) && ip.Equals(address);

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
