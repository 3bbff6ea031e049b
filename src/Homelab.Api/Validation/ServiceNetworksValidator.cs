using System.Net;
using FluentValidation;
using FluentValidation.Results;
using Homelab.Api.Meta;
using Homelab.Api.Resources;

namespace Homelab.Api.Validation;

/// <summary>The address families of the Service's own network; extraNetworks: LAN attachments through macvlan or ipvlan.</summary>
internal sealed class ServiceNetworksValidator : AbstractValidator<ServiceSpec>
{
    public ServiceNetworksValidator()
    {
        RuleFor(s => s.IpFamilyPolicy).OneOf(IpFamilyPolicies.All);
        RuleForEach(s => s.IpFamilies).OneOf(IpFamilies.All);
        RuleFor(s => s.IpFamilies).Custom((families, context) =>
            Unique.Check(context, families, f => f, "", f => $"duplicate family \"{f}\""));
        RuleFor(s => s.IpFamilies).Must(f => f is null || f.Count <= 2)
            .WithMessage("names at most two families, IPv4 and IPv6");
        RuleFor(s => s.IpFamilies).Must(f => f is null || f.Count <= 1)
            .When(s => s.IpFamilyPolicy == IpFamilyPolicies.SingleStack)
            .WithMessage("must name one family for ipFamilyPolicy SingleStack");
        // Every Service keeps an IPv4 address: the proxy dials it and host ports reach it over IPv4 too.
        RuleFor(s => s.IpFamilies).Must(f => f is not [IpFamilies.IPv6])
            .When(s => s.IpFamilyPolicy == IpFamilyPolicies.SingleStack)
            .WithMessage("IPv6 single stack is not supported: every Service keeps an IPv4 address, which the proxy and host ports use; use ipFamilyPolicy PreferDualStack with ipFamilies [IPv6, IPv4]")
            .WithErrorCode(CauseReasons.NotSupported);
        RuleForEach(s => s.ExtraNetworks).ChildRules(network =>
        {
            network.RuleFor(n => n.Name).Required().DependentRules(() => network.RuleFor(n => n.Name).Dns1123Label());
            network.RuleFor(n => n.Driver).Required().DependentRules(() => network.RuleFor(n => n.Driver).OneOf(NetworkDrivers.All));
            // A Linux interface name: at most 15 characters, no '/' or whitespace.
            network.RuleFor(n => n.Parent).Required().DependentRules(() =>
                network.RuleFor(n => n.Parent).Must(p => p.Length <= 15 && !p.Any(c => c == '/' || char.IsWhiteSpace(c)))
                    .WithMessage((_, p) => $"must be a host interface name of at most 15 characters, not \"{p}\""));
            network.RuleFor(n => n.Subnet).Cidr();
            network.RuleFor(n => n.Gateway).IpAddress();
            network.RuleFor(n => n.Ip).IpAddress();
            network.RuleFor(n => n).Custom((n, context) =>
            {
                if (!Rules.TryParseCidr(n.Subnet, out var subnet))
                {
                    return;
                }
                CheckInside(context, subnet, n.Gateway, "Gateway");
                CheckInside(context, subnet, n.Ip, "Ip");
            });
        });
        RuleFor(s => s.ExtraNetworks).Custom((networks, context) =>
            Unique.Check(context, networks, n => n?.Name, "Name", n => $"duplicate network name \"{n}\""));
    }

    private static void CheckInside<T>(ValidationContext<T> context, IPNetwork subnet, string? address, string member)
    {
        if (address is not null && IPAddress.TryParse(address, out var ip) && !subnet.Contains(ip))
        {
            context.AddFailure(new ValidationFailure(FieldPath.Combine(context.PropertyPath, member), $"{address} is not inside subnet {subnet}"));
        }
    }
}
