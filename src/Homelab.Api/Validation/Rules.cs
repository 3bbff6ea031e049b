using System.Net;
using FluentValidation;
using Homelab.Api.Meta;
using Homelab.Api.Values;

namespace Homelab.Api.Validation;

/// <summary>Rule building blocks shared by the kind validators; every message is plain English without the field name,
/// which the cause carries separately.</summary>
internal static class Rules
{
    public const string PortRange = "must be between 1 and 65535";

    public static IRuleBuilderOptions<T, TString> Dns1123Label<T, TString>(this IRuleBuilder<T, TString> rule) where TString : class? =>
        rule.Must(v => KubernetesNames.CheckDns1123Label(v as string) is null).WithMessage(KubernetesNames.Dns1123LabelRule);

    public static IRuleBuilderOptions<T, TString> Required<T, TString>(this IRuleBuilder<T, TString> rule) where TString : class? =>
        rule.Must(v => !string.IsNullOrEmpty(v as string)).WithMessage("is required").WithErrorCode(CauseReasons.Required);

    /// <summary>Absent values pass: defaulting fills them in.</summary>
    public static IRuleBuilderOptions<T, TString> OneOf<T, TString>(this IRuleBuilder<T, TString> rule, params string[] allowed) where TString : class? =>
        rule.Must(v => v is null || allowed.Contains(v as string, StringComparer.Ordinal))
            .WithMessage((_, v) => $"must be one of {string.Join(", ", allowed)}, not \"{v}\"")
            .WithErrorCode(CauseReasons.NotSupported);

    public static IRuleBuilderOptions<T, TString> AbsolutePath<T, TString>(this IRuleBuilder<T, TString> rule) where TString : class? =>
        rule.Must(v => v is null || IsAbsolutePath(v as string))
            .WithMessage((_, v) => $"must be an absolute path without '..' segments, not \"{v}\"");

    public static IRuleBuilderOptions<T, TString> IpAddress<T, TString>(this IRuleBuilder<T, TString> rule) where TString : class? =>
        rule.Must(v => v is null || IPAddress.TryParse(v as string ?? "", out _))
            .WithMessage((_, v) => $"must be an IPv4 or IPv6 address, not \"{v}\"");

    public static IRuleBuilderOptions<T, TString> Cidr<T, TString>(this IRuleBuilder<T, TString> rule) where TString : class? =>
        rule.Must(v => v is null || TryParseCidr(v as string, out _))
            .WithMessage((_, v) => $"must be a CIDR such as 192.168.1.0/24 or fd00::/64 with the host bits zero, not \"{v}\"");

    public static IRuleBuilderOptions<T, int?> Port<T>(this IRuleBuilder<T, int?> rule) =>
        rule.InclusiveBetween(1, 65535).WithMessage(PortRange);

    public static IRuleBuilderOptions<T, int> Port<T>(this IRuleBuilder<T, int> rule) =>
        rule.InclusiveBetween(1, 65535).WithMessage(PortRange);

    /// <summary>A Go-style duration of at least <paramref name="minimum"/>.</summary>
    public static IRuleBuilderOptionsConditions<T, TString> Duration<T, TString>(this IRuleBuilder<T, TString> rule, TimeSpan? minimum = null) where TString : class? =>
        rule.Custom((value, context) =>
        {
            if (value is not string text)
            {
                return;
            }
            if (!Values.Duration.TryParse(text, out var duration, out var error))
            {
                context.AddFailure(error);
            }
            else if (minimum is { } min && duration.Value < min)
            {
                context.AddFailure($"must be at least {new Duration(min)}, not \"{text}\"");
            }
        });

    public static bool IsAbsolutePath(string? path) =>
        path is { Length: > 0 } && path[0] == '/' && !path.Contains('\0', StringComparison.Ordinal)
        && !path.Split('/').Any(segment => segment == "..");

    public static bool TryParseCidr(string? text, out IPNetwork network)
    {
        network = default;
        var slash = text?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        // IPNetwork quietly clears host bits; "192.168.1.5/24" is more likely a typo than a network, so it is refused.
        return slash > 0
            && IPNetwork.TryParse(text, out network)
            && IPAddress.TryParse(text.AsSpan(0, slash), out var address)
            && address.Equals(network.BaseAddress);
    }

    public static bool IsUnspecified(string? hostIP) =>
        string.IsNullOrEmpty(hostIP) || hostIP is "0.0.0.0" or "::" || (IPAddress.TryParse(hostIP, out var ip) && (ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any)));

    public static string Protocol(string? protocol) => protocol ?? Resources.Protocols.Tcp;
}
