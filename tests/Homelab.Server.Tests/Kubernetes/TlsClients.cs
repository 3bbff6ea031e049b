using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Homelab.Api.Protocol;

namespace Homelab.Server.Tests.Kubernetes;

/// <summary>Clients of homelabd's --listen endpoint, trusting its CA alone as kubectl does with the kubeconfig.</summary>
internal static class TlsClients
{
    public static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public static async Task<KubeconfigInfo> KubeconfigAsync(TestDaemon daemon)
    {
        var info = await daemon.Http.GetObjectAsync(ApiPaths.Kubeconfig);
        return new KubeconfigInfo
        {
            Server = info["server"]!.GetValue<string>(),
            CertificateAuthority = info["certificateAuthority"]!.GetValue<string>(),
            Token = info["token"]!.GetValue<string>(),
        };
    }

    /// <summary>An HTTPS client with the bearer <paramref name="token"/> (none when null); <paramref name="browser"/> keeps cookies and does not follow redirects.</summary>
    public static HttpClient Create(KubeconfigInfo info, string? token, bool browser = false)
    {
        var ca = X509Certificate2.CreateFromPem(info.CertificateAuthority);
        var handler = new SocketsHttpHandler
        {
            SslOptions =
            {
                CertificateChainPolicy = new X509ChainPolicy
                {
                    TrustMode = X509ChainTrustMode.CustomRootTrust,
                    CustomTrustStore = { ca },
                    RevocationMode = X509RevocationMode.NoCheck,
                },
            },
            UseCookies = browser,
            AllowAutoRedirect = !browser,
        };
        var http = new HttpClient(handler) { BaseAddress = new Uri(info.Server) };
        if (token is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return http;
    }
}
