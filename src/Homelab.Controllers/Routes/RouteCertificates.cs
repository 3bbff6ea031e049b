using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Homelab.Acme;
using Homelab.Api.Resources;
using Homelab.Api.Values;
using Homelab.Proxy;
using Homelab.Proxy.Compilation;

namespace Homelab.Controllers.Routes;

/// <summary>What a Route's certificate came to in one reconcile; <see cref="Due"/> when an ACME order is to be placed.</summary>
internal sealed record CertificateOutcome(CertificateFiles? Files, bool Ready, string Reason, string Message, CertificateStatus? Status, string? IssuedBecause = null)
{
    public AcmeOrderDue? Due { get; init; }
}

/// <summary>An ACME certificate that is due: the account to order it with, and why.</summary>
internal sealed record AcmeOrderDue(Issuer Issuer, AcmeAccount Account, string Because);

/// <summary>
/// Gets each TLS Route its certificate: from its internal Issuer (issued, and issued again when due, when the hostnames
/// change or the CA did), from its ACME Issuer (decided here, ordered by <see cref="IssueAsync"/> once the proxy can
/// answer HTTP-01) or from its Secret (tls.crt and tls.key, checked to belong together). Everything said about a
/// certificate is read from the certificate file the proxy serves. Failures back off as <see cref="RenewalPolicy"/> says.
/// </summary>
internal sealed class RouteCertificates(InternalCertificateAuthority authority, RouteCertificateFiles files, IAcmeClient acme, TimeProvider time)
{
    public CertificateOutcome Ensure(Route route, IssuerState issuers, Func<string, Secret?> secret)
    {
        var key = $"{route.Namespace}/{route.Name}";
        var tls = route.Spec.Tls!;
        var previous = route.Status?.Certificate;
        if (!string.IsNullOrEmpty(tls.SecretName))
        {
            return FromSecret(key, tls.SecretName, secret(tls.SecretName));
        }
        var issuerName = tls.IssuerRef!.Name;
        if (!issuers.All.TryGetValue(issuerName, out var issuer))
        {
            return new(Served(key), false, RouteReasons.IssuerNotFound, $"Issuer {issuerName} does not exist", previous);
        }
        var ca = issuers.Cas.GetValueOrDefault(issuerName);
        var account = issuers.Accounts.GetValueOrDefault(issuerName);
        if (ca is null && account is null)
        {
            return new(Served(key), false, RouteReasons.IssuerNotReady, $"Issuer {issuerName} cannot issue certificates: {issuer.Status?.GetCondition(Api.Meta.ConditionTypes.Ready)?.Message ?? "not ready"}", previous);
        }
        var now = time.GetUtcNow();
        var existing = files.Read(key);
        var reason = ca is not null
            ? RenewalPolicy.Reason(existing, route.Spec.Hostnames, ca, now)
            : RenewalPolicy.Reason(existing, route.Spec.Hostnames, _ => previous?.Issuer == issuerName ? null : "the Route's Issuer changed", now);
        if (reason is null)
        {
            return Done(key, existing!, issuerName, null);
        }
        if (previous?.FailedIssuanceAttempts is { } failures && previous.LastFailureTime is { } last && now < last + RenewalPolicy.Backoff(failures))
        {
            return new(Served(key), Valid(existing, now), RouteReasons.IssuanceFailed,
                $"issuing failed {failures} time(s); next try at {last + RenewalPolicy.Backoff(failures):u}", previous);
        }
        if (account is not null)
        {
            if (route.Spec.Hostnames.FirstOrDefault(h => h.StartsWith("*.", StringComparison.Ordinal)) is { } wildcard)
            {
                return new(Served(key), false, RouteReasons.IssuanceFailed,
                    $"{wildcard}: an ACME wildcard certificate needs DNS-01, and homelabd answers HTTP-01 only; name the hosts or use an internal Issuer", previous);
            }
            return new(Served(key), Valid(existing, now), RouteReasons.Issuing, $"a certificate is due ({reason}) and is ordered from {issuer.Spec.Acme!.Server}", previous)
            {
                Due = new AcmeOrderDue(issuer, account, reason),
            };
        }
        try
        {
            var lifetime = Duration.Parse(issuer.Spec.Internal!.Duration ?? Api.Validation.ResourceDefaults.InternalCertificateDuration).Value;
            var (certificatePem, keyPem) = authority.Issue(ca!, route.Spec.Hostnames, lifetime);
            files.Write(key, certificatePem, keyPem);
            return Done(key, X509Certificate2.CreateFromPem(certificatePem), issuerName, reason);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            return Failed(key, existing, previous, reason, e.Message);
        }
    }

    /// <summary>
    /// Orders the certificate <paramref name="due"/> describes: a new key and CSR for the Route's hostnames, the HTTP-01
    /// answers handed to <paramref name="publish"/> (which loads them into the proxy), the chain and key written as the
    /// Route's files. A failure counts towards the back-off and leaves the served certificate as it is.
    /// </summary>
    public async Task<CertificateOutcome> IssueAsync(Route route, AcmeOrderDue due, Func<IReadOnlyList<Http01Challenge>, CancellationToken, Task> publish, CancellationToken cancellationToken)
    {
        var key = $"{route.Namespace}/{route.Name}";
        var existing = files.Read(key);
        try
        {
            using var certificateKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var hostnames = route.Spec.Hostnames;
            // The names are the SANs; a CN longer than X.509's 64 characters is refused by Let's Encrypt, so it is left out then.
            var request = new CertificateRequest(hostnames[0].Length <= 64 ? $"CN={hostnames[0]}" : "", certificateKey, HashAlgorithmName.SHA256);
            var names = new SubjectAlternativeNameBuilder();
            foreach (var host in hostnames)
            {
                names.AddDnsName(host);
            }
            request.CertificateExtensions.Add(names.Build(critical: false));
            var chain = await acme.IssueAsync(AcmeAccounts.Server(due.Issuer.Spec.Acme!), due.Account, hostnames, request.CreateSigningRequest(), publish, cancellationToken).ConfigureAwait(false);
            var certificate = X509Certificate2.CreateFromPem(chain);
            files.Write(key, chain, certificateKey.ExportPkcs8PrivateKeyPem());
            return Done(key, certificate, due.Issuer.Name, due.Because);
        }
        catch (Exception e) when (e is AcmeException or ProxyException or IOException or UnauthorizedAccessException or CryptographicException)
        {
            return Failed(key, existing, route.Status?.Certificate, due.Because, e is ProxyException ? $"the proxy could not serve the HTTP-01 answer: {e.Message}" : e.Message);
        }
    }

    private CertificateOutcome Failed(string key, X509Certificate2? existing, CertificateStatus? previous, string reason, string error)
    {
        var now = time.GetUtcNow();
        var failed = (previous?.FailedIssuanceAttempts ?? 0) + 1;
        var status = new CertificateStatus
        {
            Issuer = existing is null ? null : previous?.Issuer,
            SerialNumber = existing?.SerialNumber.ToLowerInvariant(),
            NotBefore = existing?.NotBefore.ToUniversalTime(),
            NotAfter = existing?.NotAfter.ToUniversalTime(),
            RenewalTime = previous?.RenewalTime,
            FailedIssuanceAttempts = failed,
            LastFailureTime = now,
        };
        return new(Served(key), Valid(existing, now), RouteReasons.IssuanceFailed,
            $"could not issue ({reason}): {error}; attempt {failed}, next try at {now + RenewalPolicy.Backoff(failed):u}", status);
    }

    private static bool Valid(X509Certificate2? certificate, DateTimeOffset now) => certificate is not null && certificate.NotAfter > now;

    private CertificateOutcome FromSecret(string key, string name, Secret? secret)
    {
        if (secret is null)
        {
            return new(Served(key), false, RouteReasons.SecretNotFound, $"Secret {name} does not exist", null);
        }
        if (secret.Data?.GetValueOrDefault(SecretTypes.TlsCertificateKey) is not { } cert || secret.Data.GetValueOrDefault("tls.key") is not { } privateKey)
        {
            return new(Served(key), false, RouteReasons.InvalidCertificate, $"Secret {name} needs the keys tls.crt and tls.key (PEM)", null);
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
            return Done(key, X509Certificate2.CreateFromPem(certificatePem), null, null, fromSecret: name);
        }
        catch (Exception e) when (e is CryptographicException or FormatException or ArgumentException)
        {
            return new(Served(key), false, RouteReasons.InvalidCertificate, $"Secret {name}: tls.crt and tls.key are not a PEM certificate and its key: {e.Message}", null);
        }
    }

    /// <summary>The files the proxy already serves for this Route, if any: a failed renewal keeps serving the old certificate.</summary>
    private CertificateFiles? Served(string key) => files.Read(key) is { } existing && existing.NotAfter > time.GetUtcNow() ? RouteCertificateFiles.InContainer(key, existing) : null;

    private CertificateOutcome Done(string key, X509Certificate2 certificate, string? issuer, string? issuedBecause, string? fromSecret = null)
    {
        var notBefore = new DateTimeOffset(certificate.NotBefore.ToUniversalTime());
        var notAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime());
        var status = new CertificateStatus
        {
            Issuer = issuer,
            SerialNumber = certificate.SerialNumber.ToLowerInvariant(),
            NotBefore = notBefore,
            NotAfter = notAfter,
            // A user's certificate is renewed by the user; the time still says when it should be.
            RenewalTime = RenewalPolicy.RenewalTime(notBefore, notAfter),
        };
        var expired = notAfter <= time.GetUtcNow();
        var message = fromSecret is not null
            ? $"from Secret {fromSecret}, valid until {notAfter:u}"
            : $"issued by {issuer} {notBefore:u}, valid until {notAfter:u}, renewed from {status.RenewalTime:u}";
        return new(RouteCertificateFiles.InContainer(key, certificate), !expired, expired ? "Expired" : RouteReasons.Issued,
            expired ? $"expired at {notAfter:u}" : message, status, issuedBecause);
    }
}

/// <summary>The Issuers of one reconcile: all of them by name, the internal ones' CAs, the ACME ones' registered accounts.</summary>
internal sealed record IssuerState(
    IReadOnlyDictionary<string, Issuer> All,
    IReadOnlyDictionary<string, X509Certificate2> Cas,
    IReadOnlyDictionary<string, AcmeAccount> Accounts)
{
    /// <summary>When a failed ACME registration is tried again, the earliest of them.</summary>
    public DateTimeOffset? NextRegistration { get; init; }
}
