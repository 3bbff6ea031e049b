using Homelab.Controllers.Routes;
using Microsoft.Extensions.Time.Testing;

namespace Homelab.Controllers.Tests.Routes;

public sealed class RenewalPolicyTests
{
    [Fact]
    public void Renewal_is_due_at_two_thirds_of_the_lifetime()
    {
        var notBefore = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        Assert.Equal(notBefore.AddDays(60), RenewalPolicy.RenewalTime(notBefore, notBefore.AddDays(90)));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(6, 32)]
    [InlineData(7, 32)]
    [InlineData(1000, 32)]
    public void Failures_back_off_one_hour_doubling_capped(int failures, int hours) =>
        Assert.Equal(TimeSpan.FromHours(hours), RenewalPolicy.Backoff(failures));

    [Fact]
    public void A_certificate_is_replaced_when_missing_renamed_from_another_ca_or_due_and_kept_otherwise()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var dir = Directory.CreateTempSubdirectory("hl-ca-").FullName;
        try
        {
            var authority = new InternalCertificateAuthority(dir, time);
            var ca = authority.LoadOrCreate("home-ca");
            var other = authority.LoadOrCreate("other-ca");
            using var leaf = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(authority.Issue(ca, ["a.home.arpa", "b.home.arpa"], TimeSpan.FromDays(30)).CertificatePem);

            Assert.Equal("no certificate yet", RenewalPolicy.Reason(null, ["a.home.arpa"], ca, time.GetUtcNow()));
            Assert.Null(RenewalPolicy.Reason(leaf, ["b.home.arpa", "a.home.arpa"], ca, time.GetUtcNow()));
            Assert.Equal("the Route's hostnames changed", RenewalPolicy.Reason(leaf, ["a.home.arpa"], ca, time.GetUtcNow()));
            Assert.Equal("the Issuer's CA changed", RenewalPolicy.Reason(leaf, ["a.home.arpa", "b.home.arpa"], other, time.GetUtcNow()));
            Assert.Null(RenewalPolicy.Reason(leaf, ["a.home.arpa", "b.home.arpa"], ca, time.GetUtcNow().AddDays(19)));
            Assert.Equal("renewal is due (2/3 of its lifetime)", RenewalPolicy.Reason(leaf, ["a.home.arpa", "b.home.arpa"], ca, time.GetUtcNow().AddDays(20)));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
