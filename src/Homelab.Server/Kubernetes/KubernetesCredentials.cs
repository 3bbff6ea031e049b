using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Homelab.Store;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Homelab.Server.Kubernetes;

/// <summary>
/// What the TLS listener for Kubernetes clients needs, made on first start in <c>{data-dir}/kubernetes/</c> (files 0600):
/// a CA of its own, a serving certificate it signed (for loopback, localhost, this host's name and the --listen
/// address), and the admin bearer token. A serving certificate that does not cover the --listen address is issued
/// again from the same CA, so kubeconfigs already handed out stay valid.
/// </summary>
/// <remarks>Depends on the store so that the data directory's lock is held before anything here is written.</remarks>
internal sealed partial class KubernetesCredentials
{
    private const string DirectoryName = "kubernetes";
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private static readonly TimeSpan CaLifetime = TimeSpan.FromDays(3650);
    private static readonly TimeSpan ServingLifetime = TimeSpan.FromDays(3650);
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    private readonly byte[] _token;

    public KubernetesCredentials(IResourceStore store, IOptions<HomelabServerOptions> options, TimeProvider time, ILogger<KubernetesCredentials> logger)
    {
        ArgumentNullException.ThrowIfNull(store);
        var settings = options.Value;
        if (!ListenAddress.TryParse(settings.Listen, out var endPoint, out var problem))
        {
            throw new InvalidOperationException($"--listen: {problem}");
        }
        EndPoint = endPoint;
        var directory = Path.Combine(settings.DataDir, DirectoryName);
        Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var caCert = Path.Combine(directory, "ca.crt");
        var caKey = Path.Combine(directory, "ca.key");
        var servingCert = Path.Combine(directory, "serving.crt");
        var servingKey = Path.Combine(directory, "serving.key");
        var tokenFile = Path.Combine(directory, "admin.token");
        var now = time.GetUtcNow();

        if (!File.Exists(caCert) || !File.Exists(caKey))
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest("CN=homelabd-ca", key, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, true));
            request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
            using var ca = request.CreateSelfSigned(now - ClockSkew, now + CaLifetime);
            WriteSecret(caKey, key.ExportPkcs8PrivateKeyPem());
            WriteSecret(caCert, ca.ExportCertificatePem());
            File.Delete(servingCert);
            LogMadeCa(logger, directory);
        }
        using var authority = X509Certificate2.CreateFromPemFile(caCert, caKey);
        CaPem = File.ReadAllText(caCert);

        if (!File.Exists(servingCert) || !File.Exists(servingKey) || !Covers(servingCert, endPoint.Address))
        {
            Issue(authority, endPoint.Address, now, servingCert, servingKey);
            LogIssued(logger, endPoint.Address);
        }
        ServingCertificate = X509Certificate2.CreateFromPemFile(servingCert, servingKey);

        if (!File.Exists(tokenFile))
        {
            WriteSecret(tokenFile, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)) + "\n");
        }
        Token = File.ReadAllText(tokenFile).Trim();
        _token = Encoding.UTF8.GetBytes(Token);
    }

    public IPEndPoint EndPoint { get; }

    public X509Certificate2 ServingCertificate { get; }

    public string CaPem { get; }

    public string Token { get; }

    public string ServerUrl => ListenAddress.ServerUrl(EndPoint);

    /// <summary>Whether <paramref name="presented"/> is the admin token, in time independent of where they differ.</summary>
    public bool IsAdminToken(ReadOnlySpan<char> presented)
    {
        var bytes = Encoding.UTF8.GetBytes(presented.ToArray());
        return CryptographicOperations.FixedTimeEquals(bytes, _token);
    }

    private static bool Covers(string certificatePath, IPAddress address)
    {
        using var certificate = X509Certificate2.CreateFromPem(File.ReadAllText(certificatePath));
        if (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
        {
            return true;
        }
        return certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Any(san => san.EnumerateIPAddresses().Contains(address));
    }

    private static void Issue(X509Certificate2 authority, IPAddress address, DateTimeOffset now, string certificatePath, string keyPath)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=homelabd", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1", "serverAuth")], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        var host = Dns.GetHostName();
        if (!string.IsNullOrEmpty(host) && host != "localhost")
        {
            names.AddDnsName(host);
        }
        foreach (var ip in new[] { IPAddress.Loopback, IPAddress.IPv6Loopback, address }.Distinct()
            .Where(ip => !ip.Equals(IPAddress.Any) && !ip.Equals(IPAddress.IPv6Any)))
        {
            names.AddIpAddress(ip);
        }
        request.CertificateExtensions.Add(names.Build());
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        var notAfter = now + ServingLifetime < authority.NotAfter ? now + ServingLifetime : authority.NotAfter;
        using var certificate = request.Create(authority, now - ClockSkew, notAfter, serial);
        WriteSecret(keyPath, key.ExportPkcs8PrivateKeyPem());
        WriteSecret(certificatePath, certificate.ExportCertificatePem());
    }

    /// <summary>Replaces the file with one created 0600 from the start, so no other user can open it in the moment before a chmod.</summary>
    private static void WriteSecret(string path, string text)
    {
        File.Delete(path);
        using var stream = new FileStream(path, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = OwnerOnly });
        using var writer = new StreamWriter(stream);
        writer.Write(text);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Made a CA for the Kubernetes API in {Directory}")]
    private static partial void LogMadeCa(ILogger logger, string directory);

    [LoggerMessage(Level = LogLevel.Information, Message = "Issued the Kubernetes API's serving certificate for {Address}")]
    private static partial void LogIssued(ILogger logger, IPAddress address);
}
