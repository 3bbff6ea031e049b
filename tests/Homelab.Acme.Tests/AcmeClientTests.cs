using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging.Abstractions;

namespace Homelab.Acme.Tests;

/// <summary>The protocol against <see cref="ScriptedAcmeServer"/>, which checks every JWS, nonce and URL.</summary>
public sealed class AcmeClientTests : IDisposable
{
    private static readonly AcmeServer Server = new(ScriptedAcmeServer.Directory);
    private readonly ScriptedAcmeServer _server = new();
    private readonly AcmeClient _client;
    private readonly ECDsa _key = TestKeys.Account();

    public AcmeClientTests() => _client = new AcmeClient(_ => _server, TimeProvider.System, NullLogger<AcmeClient>.Instance);

    public void Dispose()
    {
        _client.Dispose();
        _key.Dispose();
    }

    [Fact]
    public async Task Registering_returns_the_account_url_from_location()
    {
        var account = await _client.RegisterAsync(Server, _key, "me@example.org", CancellationToken.None);

        Assert.Equal(new Uri(ScriptedAcmeServer.Base + "/acct/1"), account.Url);
        Assert.Equal(1, _server.NonceHeads); // every later nonce comes with a reply
    }

    [Fact]
    public async Task A_bad_nonce_is_sent_again_with_the_nonce_the_error_carried()
    {
        _server.RejectNonces = 2;

        var account = await _client.RegisterAsync(Server, _key, null, CancellationToken.None);

        Assert.Equal(new Uri(ScriptedAcmeServer.Base + "/acct/1"), account.Url);
        Assert.Equal(["/new-acct", "/new-acct", "/new-acct"], _server.Log);
        Assert.Equal(1, _server.NonceHeads);
    }

    [Fact]
    public async Task Bad_nonces_without_end_are_given_up_with_the_servers_reason()
    {
        _server.RejectNonces = int.MaxValue;

        var error = await Assert.ThrowsAsync<AcmeException>(() => _client.RegisterAsync(Server, _key, null, CancellationToken.None));

        Assert.Equal(AcmeException.BadNonce, error.Type);
        Assert.Contains("invalid anti-replay nonce", error.Message, StringComparison.Ordinal);
        Assert.Equal(AcmeClient.BadNonceRetries + 1, _server.Log.Count);
    }

    [Fact]
    public async Task Issuing_publishes_each_key_authorization_before_asking_for_validation_then_finalizes_with_the_csr()
    {
        var account = await _client.RegisterAsync(Server, _key, null, CancellationToken.None);
        using var certificateKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var csr = new CertificateRequest("CN=a.home.arpa", certificateKey, HashAlgorithmName.SHA256).CreateSigningRequest();
        IReadOnlyList<Http01Challenge>? published = null;
        var postsBeforePublish = 0;

        var chain = await _client.IssueAsync(Server, account, ["a.home.arpa", "b.home.arpa"], csr, (challenges, _) =>
        {
            published = challenges;
            postsBeforePublish = _server.Log.Count;
            return Task.CompletedTask;
        }, CancellationToken.None);

        Assert.StartsWith("-----BEGIN CERTIFICATE-----", chain, StringComparison.Ordinal);
        Assert.Equal(
            [new Http01Challenge("a.home.arpa", "tok-0", "tok-0." + TestKeys.Thumbprint), new Http01Challenge("b.home.arpa", "tok-1", "tok-1." + TestKeys.Thumbprint)],
            published);
        Assert.Equal("/.well-known/acme-challenge/tok-0", published![0].Path);
        Assert.DoesNotContain(_server.Log.Take(postsBeforePublish), p => p.StartsWith("/chall/", StringComparison.Ordinal));
        Assert.Contains("/chall/0", _server.Log);
        Assert.Equal(Jws.Base64Url(csr), _server.Csr);
    }

    [Fact]
    public async Task A_refused_order_says_the_servers_problem()
    {
        var account = await _client.RegisterAsync(Server, _key, null, CancellationToken.None);
        _server.OrderProblem = "too many certificates already issued";

        var error = await Assert.ThrowsAsync<AcmeException>(() => _client.IssueAsync(Server, account, ["a.home.arpa"], [1], (_, _) => Task.CompletedTask, CancellationToken.None));

        Assert.Equal("urn:ietf:params:acme:error:rateLimited", error.Type);
        Assert.Equal("acme.test: ordering failed: too many certificates already issued", error.Message);
    }

    [Fact]
    public async Task An_unreachable_server_is_an_acme_error_naming_the_step()
    {
        using var client = new AcmeClient(_ => new SocketsHttpHandler(), TimeProvider.System, NullLogger<AcmeClient>.Instance);
        var port = Homelab.TestKit.Loopback.FreePort();

        var error = await Assert.ThrowsAsync<AcmeException>(() => client.RegisterAsync(new AcmeServer(new Uri($"https://127.0.0.1:{port}/dir")), _key, null, CancellationToken.None));

        Assert.StartsWith("127.0.0.1: reading the directory failed, the server does not answer", error.Message, StringComparison.Ordinal);
    }
}
