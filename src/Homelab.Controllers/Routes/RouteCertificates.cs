using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Homelab.Api.Resources;
using Homelab.Api.Values;
using Homelab.Proxy.Compilation;

namespace Homelab.Controllers.Routes;

/// <summary>What a Route's certificate came to in one reconcile.</summary>
internal sealed record CertificateOutcome(CertificateFiles? Files, bool Ready, string Reason, string Message, CertificateStatus? Status, string? IssuedBecause = null);

/// <summary>
/// Gets each TLS Route its certificate: from its internal Issuer (issued, and issued again when due, when the hostnames
/// change or the CA did) or from its Secret (tls.crt and tls.key, checked to belong together). Everything said about a
/// certificate is read from the certificate file the proxy serves.
/// </summary>
internal sealed class RouteCertificates(InternalCertificateAuthority authority, RouteCertificateFiles files, TimeProvider time)
{
    public CertificateOutcome Ensure(Route route, IReadOnlyDictionary<string, Issuer> issuers, IReadOnlyDictionary<string, X509Certificate2> cas, Func<string, Secret?> secret)
    {
        var key = $"{route.Namespace}/{route.Name}";
        var tls = route.Spec.Tls!;
        var previous = route.Status?.Certificate;
        if (!string.IsNullOrEmpty(tls.SecretName))
        {
            return FromSecret(key, tls.SecretName, secret(tls.SecretName));
        }
        var issuerName = tls.IssuerRef!.Name;
        if (!issuers.TryGetValue(issuerName, out var issuer))
        {
            return new(Served(key), false, Proxy.Compilation.RouteReasons.IssuerNotFound, $"Issuer {issuerName} does not exist", previous);
        }
        if (!cas.TryGetValue(issuerName, out var ca))
        {
            return new(Served(key), false, Proxy.Compilation.RouteReasons.IssuerNotReady, $"Issuer {issuerName} cannot issue certificates: {issuer.Status?.GetCondition(Api.Meta.ConditionTypes.Ready)?.Message ?? "not ready"}", previous);
        }
        var now = time.GetUtcNow();
        var existing = files.Read(key);
        var reason = RenewalPolicy.Reason(existing, route.Spec.Hostnames, ca, now);
        if (reason is null)
        {
            return Done(key, existing!, null);
        }
        if (previous?.FailedIssuanceAttempts is { } failures && previous.LastFailureTime is { } last && now < last + RenewalPolicy.Backoff(failures))
        {
            return new(Served(key), existing is not null, Proxy.Compilation.RouteReasons.IssuanceFailed,
                $"issuing failed {failures} time(s); next try at {last + RenewalPolicy.Backoff(failures):u}", previous);
        }
        try
        {
            var lifetime = Duration.Parse(issuer.Spec.Internal!.Duration ?? Api.Validation.ResourceDefaults.InternalCertificateDuration).Value;
            var (certificatePem, keyPem) = authority.Issue(ca, route.Spec.Hostnames, lifetime);
            files.Write(key, certificatePem, keyPem);
            return Done(key, X509Certificate2.CreateFromPem(certificatePem), reason);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            var failed = (previous?.FailedIssuanceAttempts ?? 0) + 1;
            var status = new CertificateStatus
            {
                SerialNumber = existing?.SerialNumber.ToLowerInvariant(),
                NotBefore = existing?.NotBefore.ToUniversalTime(),
                NotAfter = existing?.NotAfter.ToUniversalTime(),
                RenewalTime = previous?.RenewalTime,
                FailedIssuanceAttempts = failed,
                LastFailureTime = now,
            };
            return new(Served(key), existing is not null && existing.NotAfter > now, Proxy.Compilation.RouteReasons.IssuanceFailed,
                $"could not issue ({reason}): {e.Message}; next try in {RenewalPolicy.Backoff(failed).TotalHours:0} h", status);
        }
    }

    private CertificateOutcome FromSecret(string key, string name, Secret? secret)
    {
        if (secret is null)
        {
            return new(Served(key), false, Proxy.Compilation.RouteReasons.SecretNotFound, $"Secret {name} does not exist", null);
        }
        if (secret.Data?.GetValueOrDefault(SecretTypes.TlsCertificateKey) is not { } cert || secret.Data.GetValueOrDefault("tls.key") is not { } privateKey)
        {
            return new(Served(key), false, Proxy.Compilation.RouteReasons.InvalidCertificate, $"Secret {name} needs the keys tls.crt and tls.key (PEM)", null);
        }
        try
        {
            var certificatePem = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(cert));
            var keyPem = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(privateKey));
            // Throws unless the key is the certificate's.
            using var pair = X509Certificate2.CreateFromPem(certificatePem, keyPem);
            var existing = files.Read(key);
            if (existing?.RawData.AsSpan().SequenceEqual(pair.RawData) != true)
            {
                files.Write(key, certificatePem, keyPem);
            }
            return Done(key, X509Certificate2.CreateFromPem(certificatePem), null, fromSecret: name);
        }
        catch (Exception e) when (e is CryptographicException or FormatException or ArgumentException)
        {
            return new(Served(key), false, Proxy.Compilation.RouteReasons.InvalidCertificate, $"Secret {name}: tls.crt and tls.key are not a PEM certificate and its key: {e.Message}", null);
        }
    }

    /// <summary>The files the proxy already serves for this Route, if any: a failed renewal keeps serving the old certificate.</summary>
    private CertificateFiles? Served(string key) => files.Read(key) is { } existing && existing.NotAfter > time.GetUtcNow() ? RouteCertificateFiles.InContainer(key, existing) : null;

    private CertificateOutcome Done(string key, X509Certificate2 certificate, string? issuedBecause, string? fromSecret = null)
    {
        var notBefore = new DateTimeOffset(certificate.NotBefore.ToUniversalTime());
        var notAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime());
        var status = new CertificateStatus
        {
            SerialNumber = certificate.SerialNumber.ToLowerInvariant(),
            NotBefore = notBefore,
            NotAfter = notAfter,
            // A user's certificate is renewed by the user; the time still says when it should be.
            RenewalTime = RenewalPolicy.RenewalTime(notBefore, notAfter),
        };
        var expired = notAfter <= time.GetUtcNow();
        var message = fromSecret is not null
            ? $"from Secret {fromSecret}, valid until {notAfter:u}"
            : $"issued {notBefore:u}, valid until {notAfter:u}, renewed from {status.RenewalTime:u}";
        return new(RouteCertificateFiles.InContainer(key, certificate), !expired, expired ? "Expired" : Proxy.Compilation.RouteReasons.Issued,
            expired ? $"expired at {notAfter:u}" : message, status, issuedBecause);
    }
}
