using System.Net;
using FluentValidation;
using FluentValidation.Results;
using Homelab.Api.Resources;

namespace Homelab.Api.Validation;

/// <summary>A peer is Services (by service and/or namespace selector) or addresses (ipBlock), never both.</summary>
internal sealed class NetworkPolicyPeerValidator : AbstractValidator<NetworkPolicyPeer>
{
    public NetworkPolicyPeerValidator()
    {
        RuleFor(p => p)
            .Must(p => p.ServiceSelector is not null || p.NamespaceSelector is not null || p.IpBlock is not null)
            .WithMessage("needs at least one of serviceSelector, namespaceSelector or ipBlock")
            .WithErrorCode(CauseReasons.Required)
            .OverridePropertyName("ServiceSelector");
        RuleFor(p => p.IpBlock)
            .Must(b => b is null)
            .When(p => p.ServiceSelector is not null || p.NamespaceSelector is not null)
            .WithMessage("must not be combined with serviceSelector or namespaceSelector in one peer; use two peers")
            .WithErrorCode(CauseReasons.Forbidden);
        RuleFor(p => p.ServiceSelector!).SetValidator(new LabelSelectorValidator()).When(p => p.ServiceSelector is not null);
        RuleFor(p => p.NamespaceSelector!).SetValidator(new LabelSelectorValidator()).When(p => p.NamespaceSelector is not null);
        RuleFor(p => p.IpBlock!.Cidr).Required().DependentRules(() => RuleFor(p => p.IpBlock!.Cidr).Cidr())
            .When(p => p.IpBlock is not null);
        RuleFor(p => p.IpBlock!).Custom((block, context) => CheckExcept(block, context)).When(p => p.IpBlock is not null);
    }

    private static void CheckExcept(IpBlock block, ValidationContext<NetworkPolicyPeer> context)
    {
        if (block.Except is null)
        {
            return;
        }
        var hasCidr = Rules.TryParseCidr(block.Cidr, out var cidr);
        for (var i = 0; i < block.Except.Count; i++)
        {
            var path = FieldPath.Combine(context.PropertyPath, $"Except[{i}]");
            var text = block.Except[i];
            if (!Rules.TryParseCidr(text, out var except))
            {
                context.AddFailure(new ValidationFailure(path, $"must be a CIDR such as 192.168.1.0/24 or fd00::/64 with the host bits zero, not \"{text}\""));
            }
            else if (hasCidr && !IsStrictlyInside(except, cidr))
            {
                context.AddFailure(new ValidationFailure(path, $"{text} must be inside cidr {block.Cidr} and smaller than it"));
            }
        }
    }

    private static bool IsStrictlyInside(IPNetwork inner, IPNetwork outer) =>
        inner.BaseAddress.AddressFamily == outer.BaseAddress.AddressFamily
        && inner.PrefixLength > outer.PrefixLength
        && outer.Contains(inner.BaseAddress);
}
