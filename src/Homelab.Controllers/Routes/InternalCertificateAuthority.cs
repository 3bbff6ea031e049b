using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Homelab.Controllers.Routes;

/// <summary>
/// The CA of an internal Issuer: an ECDSA P-256 root made once and kept in homelabd's data directory
/// (issuers/NAME/ca.crt and ca.key, 0600 in a 0700 directory), and the leaf certificates it signs for Routes.
/// homelabd issues them itself, so what status says about a certificate is read from the certificate it wrote.
/// </summary>
internal sealed class InternalCertificateAuthority(string dataDir, TimeProvider time)
{
    public static readonly TimeSpan RootLifetime = TimeSpan.FromDays(3650);

    /// <summary>The Issuer's root with its private key, made on first use.</summary>
    public X509Certificate2 LoadOrCreate(string issuer)
    {
        var dir = Path.Combine(dataDir, "issuers", issuer);
        var certPath = Path.Combine(dir, "ca.crt");
        var keyPath = Path.Combine(dir, "ca.key");
        if (File.Exists(certPath) && File.Exists(keyPath))
        {
            return X509Certificate2.CreateFromPem(File.ReadAllText(certPath), File.ReadAllText(keyPath));
        }
        Directory.CreateDirectory(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN=Homelab {issuer} root CA, O=Homelab", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = time.GetUtcNow();
        using var root = request.CreateSelfSigned(now.AddMinutes(-5), now.Add(RootLifetime));
        PemFiles.WriteAtomically(keyPath, key.ExportPkcs8PrivateKeyPem());
        PemFiles.WriteAtomically(certPath, root.ExportCertificatePem());
        return X509Certificate2.CreateFromPem(root.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }

    /// <summary>A server certificate for <paramref name="hostnames"/>, valid from now for <paramref name="lifetime"/> (within the root's).</summary>
    public (string CertificatePem, string KeyPem) Issue(X509Certificate2 ca, IReadOnlyList<string> hostnames, TimeSpan lifetime)
    {
        ArgumentNullException.ThrowIfNull(ca);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={hostnames[0]}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        foreach (var host in hostnames)
        {
            names.AddDnsName(host);
        }
        request.CertificateExtensions.Add(names.Build(critical: false));
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        var now = time.GetUtcNow();
        var notAfter = now.Add(lifetime);
        if (notAfter > ca.NotAfter)
        {
            notAfter = ca.NotAfter;
        }
        // The second boundary keeps notBefore/notAfter as the certificate encodes them, so status and file agree.
        var notBefore = DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds());
        using var leaf = request.Create(ca, notBefore, DateTimeOffset.FromUnixTimeSeconds(notAfter.ToUnixTimeSeconds()), Serial());
        return (leaf.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }

    /// <summary>16 random bytes, positive and without a leading zero byte, so every tool prints the same hex.</summary>
    private static byte[] Serial()
    {
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] = (byte)((serial[0] & 0x7F) | 0x40);
        return serial;
    }

    /// <summary>Whether <paramref name="ca"/> signed <paramref name="leaf"/>.</summary>
    public static bool Signed(X509Certificate2 ca, X509Certificate2 leaf)
    {
        ArgumentNullException.ThrowIfNull(ca);
        ArgumentNullException.ThrowIfNull(leaf);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationFlags = X509VerificationFlags.IgnoreNotTimeValid;
        return chain.Build(leaf);
    }
}
