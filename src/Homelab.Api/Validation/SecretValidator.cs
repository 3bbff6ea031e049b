using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;
using FluentValidation;
using FluentValidation.Results;
using Homelab.Api.Resources;

namespace Homelab.Api.Validation;

/// <summary>
/// A Secret's shape. No message ever repeats a value: errors reach logs, events and terminals.
/// </summary>
internal sealed partial class SecretValidator : AbstractValidator<Secret>
{
    /// <summary>What one Secret may hold, decoded (Kubernetes' limit too).</summary>
    public const int MaxBytes = 1024 * 1024;

    public SecretValidator()
    {
        RuleFor(s => s.Metadata).SetValidator(new ObjectMetaValidator(namespaced: true));
        RuleFor(s => s.Type).OneOf([.. SecretTypes.All]);
        RuleFor(s => s).Custom((secret, context) => CheckData(secret, context));
    }

    private static void CheckData(Secret secret, ValidationContext<Secret> context)
    {
        var total = 0L;
        foreach (var (key, value) in secret.Data ?? [])
        {
            var field = $"Data[{key}]";
            CheckKey(key, field, context);
            if (SecretData.TryDecode(value, out var bytes))
            {
                total += bytes.Length;
            }
            else
            {
                context.AddFailure(new ValidationFailure(field, "must be base64-encoded (RFC 4648, with padding); use stringData for plain text"));
            }
        }
        foreach (var (key, value) in secret.StringData ?? [])
        {
            CheckKey(key, $"StringData[{key}]", context);
            total += Encoding.UTF8.GetByteCount(value ?? "");
        }
        if (total > MaxBytes)
        {
            context.AddFailure(new ValidationFailure("Data", $"the values total {total} bytes; a Secret holds at most {MaxBytes} (1 MiB)")
            {
                ErrorCode = CauseReasons.TooLong,
            });
        }
        if (secret.Type == SecretTypes.Tls)
        {
            CheckTls(secret, context);
        }
    }

    private static void CheckKey(string key, string field, ValidationContext<Secret> context)
    {
        if (key.Length is 0 or > 253 || !KeyPattern().IsMatch(key) || key is "." or "..")
        {
            context.AddFailure(new ValidationFailure(field, "the key must be at most 253 letters, digits, '-', '_' or '.' (it names a file), not \".\" or \"..\""));
        }
    }

    /// <summary>kubernetes.io/tls: tls.crt holds a PEM certificate and tls.key the PEM private key that matches it.</summary>
    private static void CheckTls(Secret secret, ValidationContext<Secret> context)
    {
        string? Text(string key) =>
            secret.StringData?.GetValueOrDefault(key)
            ?? (secret.Data?.GetValueOrDefault(key) is { } encoded && SecretData.TryDecode(encoded, out var bytes) ? Encoding.UTF8.GetString(bytes) : null);
        var certificate = Text(SecretTypes.TlsCertificateKey);
        var key = Text(SecretTypes.TlsPrivateKeyKey);
        if (certificate is null || key is null)
        {
            foreach (var missing in new[] { SecretTypes.TlsCertificateKey, SecretTypes.TlsPrivateKeyKey }.Where(k => Text(k) is null))
            {
                context.AddFailure(new ValidationFailure($"Data[{missing}]", $"is required for type {SecretTypes.Tls}") { ErrorCode = CauseReasons.Required });
            }
            return;
        }
        try
        {
            using var pair = X509Certificate2.CreateFromPem(certificate, key);
        }
        catch (CryptographicException)
        {
            context.AddFailure(new ValidationFailure($"Data[{SecretTypes.TlsCertificateKey}]",
                $"{SecretTypes.TlsCertificateKey} and {SecretTypes.TlsPrivateKeyKey} must be a PEM certificate and the PEM private key that matches it"));
        }
        catch (ArgumentException)
        {
            context.AddFailure(new ValidationFailure($"Data[{SecretTypes.TlsCertificateKey}]",
                $"{SecretTypes.TlsCertificateKey} and {SecretTypes.TlsPrivateKeyKey} must be PEM text (-----BEGIN CERTIFICATE----- …, -----BEGIN PRIVATE KEY----- …)"));
        }
    }

    [GeneratedRegex("^[-._a-zA-Z0-9]+$")]
    private static partial Regex KeyPattern();
}
