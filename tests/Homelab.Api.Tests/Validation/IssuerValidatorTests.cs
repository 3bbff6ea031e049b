using Homelab.Api.Resources;
using Homelab.Api.Validation;
using Xunit;

namespace Homelab.Api.Tests.Validation;

public sealed class IssuerValidatorTests
{
    private static Issuer Internal() => Tests.Valid.Read<Issuer>("""
        apiVersion: homelab.dev/v1alpha1
        kind: Issuer
        metadata: {name: home-ca}
        spec:
          internal: {duration: 720h}
        """);

    private static Issuer Acme() => Tests.Valid.Read<Issuer>("""
        apiVersion: homelab.dev/v1alpha1
        kind: Issuer
        metadata: {name: letsencrypt}
        spec:
          acme: {server: "https://acme-v02.api.letsencrypt.org/directory", email: me@example.org}
        """);

    [Fact]
    public void The_reference_issuers_are_valid()
    {
        CauseAssert.IsValid(Internal());
        CauseAssert.IsValid(Acme());
    }

    [Fact]
    public void An_issuer_is_internal_or_acme()
    {
        var issuer = Internal();
        issuer.Spec.Acme = Acme().Spec.Acme;
        CauseAssert.Single(issuer, "spec", "only one of internal and acme");
        issuer.Spec = new IssuerSpec();
        CauseAssert.Single(issuer, "spec", "exactly one of internal or acme");
    }

    [Fact]
    public void An_issuer_is_cluster_scoped()
    {
        var issuer = Internal();
        issuer.Metadata.Namespace = "media";
        CauseAssert.Single(issuer, "metadata.namespace", "cluster-scoped");
    }

    [Fact]
    public void An_acme_server_is_an_https_url()
    {
        var issuer = Acme();
        issuer.Spec.Acme!.Server = "http://acme.example.org/directory";
        CauseAssert.Single(issuer, "spec.acme.server", "must be an https URL");
    }

    [Fact]
    public void An_acme_ca_bundle_is_pem_certificates()
    {
        var issuer = Acme();
        issuer.Spec.Acme!.CaBundle = "not a certificate";
        CauseAssert.Single(issuer, "spec.acme.caBundle", "it holds no certificate");
        issuer.Spec.Acme.CaBundle = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n";
        CauseAssert.Single(issuer, "spec.acme.caBundle", "must be PEM certificates");
        using var key = System.Security.Cryptography.ECDsa.Create();
        using var root = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=pebble", key, System.Security.Cryptography.HashAlgorithmName.SHA256)
            .CreateSelfSigned(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(1));
        issuer.Spec.Acme.CaBundle = root.ExportCertificatePem();
        CauseAssert.IsValid(issuer);
    }

    [Fact]
    public void A_lifetime_is_a_duration_of_at_least_a_minute()
    {
        var issuer = Internal();
        issuer.Spec.Internal!.Duration = "30s";
        CauseAssert.Single(issuer, "spec.internal.duration", "at least");
        issuer.Spec.Internal.Duration = null;
        ResourceDefaults.Apply(issuer);
        Assert.Equal("2160h", issuer.Spec.Internal.Duration);
    }
}
