using System.Security.Cryptography.X509Certificates;
using Homelab.Proxy;
using Homelab.Proxy.Compilation;

namespace Homelab.Controllers.Routes;

/// <summary>
/// The certificates the proxy serves, one pair per Route under the proxy's data directory (certs/NS_NAME.crt, .key, 0600),
/// so a restarted proxy serves the same ones and nothing is issued again. The tag is the serial: a new certificate is a
/// new config, which makes Caddy load the new files.
/// </summary>
internal sealed class RouteCertificateFiles(string proxyDataDir)
{
    private string Dir => Path.Combine(proxyDataDir, "certs");

    public X509Certificate2? Read(string key)
    {
        var (cert, _) = Paths(key);
        if (!File.Exists(cert))
        {
            return null;
        }
        try
        {
            return X509Certificate2.CreateFromPem(File.ReadAllText(cert));
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null; // unreadable: issued again
        }
    }

    public void Write(string key, string certificatePem, string keyPem)
    {
        Directory.CreateDirectory(Dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var (cert, privateKey) = Paths(key);
        // The key first: a certificate on disk always has its key beside it.
        PemFiles.WriteAtomically(privateKey, keyPem);
        PemFiles.WriteAtomically(cert, certificatePem);
    }

    /// <summary>The files as the proxy sees them, tagged with the serial.</summary>
    public static CertificateFiles InContainer(string key, X509Certificate2 certificate)
    {
        var name = FileName(key);
        return new CertificateFiles($"{ProxyOptions.ContainerDataDir}/certs/{name}.crt", $"{ProxyOptions.ContainerDataDir}/certs/{name}.key", certificate.SerialNumber.ToLowerInvariant());
    }

    /// <summary>Deletes the files of Routes that are gone or no longer use TLS.</summary>
    public void Prune(IReadOnlySet<string> keep)
    {
        if (!Directory.Exists(Dir))
        {
            return;
        }
        var names = keep.Select(FileName).ToHashSet(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(Dir))
        {
            if (!names.Contains(Path.GetFileNameWithoutExtension(file)))
            {
                File.Delete(file);
            }
        }
    }

    private (string Certificate, string Key) Paths(string key)
    {
        var name = FileName(key);
        return (Path.Combine(Dir, name + ".crt"), Path.Combine(Dir, name + ".key"));
    }

    /// <summary>"media/jellyfin" → "media_jellyfin": '_' appears in neither a namespace nor a Route name.</summary>
    private static string FileName(string key) => key.Replace('/', '_');
}
