using System.Net;
using System.Security.Cryptography.X509Certificates;
using Homelab.Server.Kubernetes;
using Homelab.Store;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NSubstitute;

namespace Homelab.Server.Tests.Kubernetes;

public sealed class KubernetesCredentialsTests : IDisposable
{
    private readonly string _dataDir = TestDaemon.NewTempDirectory();

    public void Dispose() => Directory.Delete(_dataDir, recursive: true);

    private KubernetesCredentials Load(string listen) => new(
        Substitute.For<IResourceStore>(),
        Options.Create(new HomelabServerOptions { DataDir = _dataDir, Listen = listen }),
        TimeProvider.System,
        NullLogger<KubernetesCredentials>.Instance);

    private static IEnumerable<IPAddress> Addresses(X509Certificate2 certificate) =>
        certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single().EnumerateIPAddresses();

    [Fact]
    public void A_second_start_keeps_the_ca_the_certificate_and_the_token()
    {
        var first = Load("6443");
        var second = Load("6443");

        Assert.Equal(first.CaPem, second.CaPem);
        Assert.Equal(first.ServingCertificate.Thumbprint, second.ServingCertificate.Thumbprint);
        Assert.Equal(first.Token, second.Token);
        Assert.Equal(64, first.Token.Length);
        Assert.True(second.IsAdminToken(first.Token));
        Assert.False(second.IsAdminToken(first.Token.AsSpan(0, first.Token.Length - 1)));
    }

    [Fact]
    public void Another_listen_address_gets_a_new_certificate_from_the_same_ca()
    {
        var loopback = Load("127.0.0.1:6443");
        var lan = Load("192.0.2.10:6443");

        Assert.Equal(loopback.CaPem, lan.CaPem);
        Assert.Contains(IPAddress.Parse("192.0.2.10"), Addresses(lan.ServingCertificate));
        Assert.Contains(IPAddress.Loopback, Addresses(lan.ServingCertificate));
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(X509Certificate2.CreateFromPem(lan.CaPem));
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        Assert.True(chain.Build(lan.ServingCertificate));
    }
}
