using System.Security.Cryptography.X509Certificates;
using Homelab.Controllers.Routes;
using Microsoft.Extensions.Time.Testing;

namespace Homelab.Controllers.Tests.Routes;

public sealed class InternalCertificateAuthorityTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("hl-ca-").FullName;
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void The_root_is_made_once_kept_private_and_read_back_by_the_next_daemon()
    {
        var first = new InternalCertificateAuthority(_dir, _time).LoadOrCreate("home-ca");
        var again = new InternalCertificateAuthority(_dir, _time).LoadOrCreate("home-ca");

        Assert.Equal(first.Thumbprint, again.Thumbprint);
        Assert.True(again.HasPrivateKey);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_dir, "issuers", "home-ca", "ca.key")));
        Assert.True(first.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);
    }

    [Fact]
    public void A_leaf_names_the_hosts_verifies_against_the_root_only_and_ends_when_asked()
    {
        var authority = new InternalCertificateAuthority(_dir, _time);
        var ca = authority.LoadOrCreate("home-ca");
        using var leaf = X509Certificate2.CreateFromPem(authority.Issue(ca, ["jellyfin.home.arpa", "*.media.home.arpa"], TimeSpan.FromHours(720)).CertificatePem);

        Assert.Equal(["*.media.home.arpa", "jellyfin.home.arpa"], RenewalPolicy.DnsNames(leaf).Order(StringComparer.Ordinal));
        Assert.Equal(TimeSpan.FromHours(720), leaf.NotAfter - leaf.NotBefore);
        Assert.False(leaf.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);
        Assert.True(Verifies(leaf, ca));
        Assert.True(InternalCertificateAuthority.Signed(ca, leaf));
        var other = authority.LoadOrCreate("other-ca");
        Assert.False(Verifies(leaf, other));
        Assert.False(InternalCertificateAuthority.Signed(other, leaf));
    }

    private static bool Verifies(X509Certificate2 leaf, X509Certificate2 root)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(X509Certificate2.CreateFromPem(root.ExportCertificatePem()));
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(new System.Security.Cryptography.Oid("1.3.6.1.5.5.7.3.1"));
        return chain.Build(leaf);
    }
}
