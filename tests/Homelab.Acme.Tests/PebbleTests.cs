using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Homelab.TestKit;

namespace Homelab.Acme.Tests;

/// <summary>The client against Debian's pebble on loopback, trusted through caBundle; validation skipped (no proxy here).</summary>
[Trait("Category", "Integration")]
public sealed class PebbleTests : IAsyncLifetime
{
    private Pebble _pebble = null!;
    private readonly CapturingLoggerProvider _logs = new();
    private readonly AcmeClient _client;

    public PebbleTests() => _client = new(AcmeClient.DefaultHandler, TimeProvider.System, new Microsoft.Extensions.Logging.Logger<AcmeClient>(new Microsoft.Extensions.Logging.LoggerFactory([_logs])));

    // 40% of good nonces refused: an issuance goes through the badNonce retry (no retry at all: 0.6^15 ≈ 0.05%).
    public async Task InitializeAsync() =>
        _pebble = await Pebble.StartAsync(new PebbleSettings(Loopback.FreePort(), TimeSpan.FromHours(1), AlwaysValid: true, NonceRejectPercent: 40));

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _pebble.DisposeAsync();
    }

    [Fact]
    public async Task Pebble_issues_a_chain_for_the_names_that_verifies_against_its_root()
    {
        var server = new AcmeServer(_pebble.Directory, _pebble.CaBundle);
        using var accountKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var certificateKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=a.home.arpa", certificateKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("a.home.arpa");
        names.AddDnsName("b.home.arpa");
        request.CertificateExtensions.Add(names.Build());
        var published = new List<Http01Challenge>();

        var account = await _client.RegisterAsync(server, accountKey, "me@example.org", CancellationToken.None);
        var again = await _client.RegisterAsync(server, accountKey, "me@example.org", CancellationToken.None);
        var chain = await _client.IssueAsync(server, account, ["a.home.arpa", "b.home.arpa"], request.CreateSigningRequest(), (c, _) =>
        {
            published.AddRange(c);
            return Task.CompletedTask;
        }, CancellationToken.None);

        Assert.Equal(account.Url, again.Url); // the same key finds the same account
        Assert.Equal(["a.home.arpa", "b.home.arpa"], published.Select(c => c.Host).Order());
        var certificates = new X509Certificate2Collection();
        certificates.ImportFromPem(chain);
        Assert.True(certificates.Count >= 2, chain); // leaf and intermediate
        using var leaf = certificates[0];
        var roots = new X509Certificate2Collection();
        roots.ImportFromPem(await _pebble.IssuingRootAsync());
        using var verify = new X509Chain();
        verify.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        verify.ChainPolicy.CustomTrustStore.AddRange(roots);
        verify.ChainPolicy.ExtraStore.AddRange(certificates);
        verify.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        Assert.True(verify.Build(leaf), string.Join("; ", verify.ChainStatus.Select(s => s.StatusInformation)));
        Assert.Equal(["a.home.arpa", "b.home.arpa"], leaf.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single().EnumerateDnsNames().Order());
        Assert.Contains(_logs.Entries, e => e.Message.Contains("(badNonce)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_server_whose_certificate_is_not_in_the_ca_bundle_is_refused()
    {
        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var other = new CertificateRequest("CN=other", otherKey, HashAlgorithmName.SHA256).CreateSelfSigned(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(1));
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var error = await Assert.ThrowsAsync<AcmeException>(() => _client.RegisterAsync(new AcmeServer(_pebble.Directory, other.ExportCertificatePem()), key, null, CancellationToken.None));

        Assert.Contains("reading the directory failed", error.Message, StringComparison.Ordinal);
    }
}
