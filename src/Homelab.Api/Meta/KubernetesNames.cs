using System.Text.RegularExpressions;

namespace Homelab.Api.Meta;

/// <summary>Kubernetes' name syntaxes; each check returns null when valid or the reason in plain English.</summary>
public static partial class KubernetesNames
{
    public const string Dns1123LabelRule = "must be a DNS-1123 label: lower-case letters, digits and '-', at most 63 characters, starting and ending with a letter or digit";
    public const string IanaServiceNameRule = "must be a port name: at most 15 lower-case letters, digits and '-', with at least one letter, no leading, trailing or double '-'";

    public static string? CheckDns1123Label(string? value) =>
        value is { Length: > 0 and <= 63 } && Dns1123Label().IsMatch(value) ? null : Dns1123LabelRule;

    public static string? CheckDns1123Subdomain(string? value) =>
        value is { Length: > 0 and <= 253 } && Dns1123Subdomain().IsMatch(value)
            ? null
            : "must be a DNS-1123 subdomain: lower-case labels separated by '.', at most 253 characters";

    /// <summary>A label or annotation key: [prefix/]name, prefix a DNS-1123 subdomain, name at most 63 characters.</summary>
    public static string? CheckQualifiedName(string? key)
    {
        if (string.IsNullOrEmpty(key))
        {
            return "must not be empty";
        }
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        var name = key;
        if (slash >= 0)
        {
            var prefix = key[..slash];
            name = key[(slash + 1)..];
            if (CheckDns1123Subdomain(prefix) is { } prefixError)
            {
                return $"prefix \"{prefix}\" {prefixError}";
            }
        }
        return name.Length is > 0 and <= 63 && QualifiedNamePart().IsMatch(name)
            ? null
            : "must be a qualified name: an optional DNS subdomain prefix and '/', then at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit";
    }

    public static string? CheckLabelValue(string? value) =>
        value is null || value.Length == 0 || (value.Length <= 63 && QualifiedNamePart().IsMatch(value))
            ? null
            : "must be a label value: empty, or at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit";

    /// <summary>IANA_SVC_NAME, what Kubernetes requires of port names.</summary>
    public static string? CheckIanaServiceName(string? value) =>
        value is { Length: > 0 and <= 15 } && IanaServiceName().IsMatch(value) && value.Any(char.IsAsciiLetterLower) && !value.Contains("--", StringComparison.Ordinal)
            ? null
            : IanaServiceNameRule;

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex Dns1123Label();

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex Dns1123Subdomain();

    [GeneratedRegex("^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$")]
    private static partial Regex QualifiedNamePart();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex IanaServiceName();
}
