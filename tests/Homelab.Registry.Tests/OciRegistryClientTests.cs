using System.Net;
using System.Text;
using Homelab.Api.Values;
using Microsoft.Extensions.Time.Testing;

namespace Homelab.Registry.Tests;

public sealed class OciRegistryClientTests
{
    private const string Digest1 = "sha256:1111111111111111111111111111111111111111111111111111111111111111";
    private static readonly ImageReference App = ImageReference.Parse("registry.example/team/app:1.0");

    [Fact]
    public async Task Digest_comes_from_a_HEAD_that_accepts_indexes_and_manifests()
    {
        var fake = new FakeRegistryHandler();
        fake.Push("team/app", "1.0", Digest1);
        using var client = RegistryClientFactory.Create(fake);

        var digest = await client.GetDigestAsync(App, CancellationToken.None);

        Assert.Equal(Digest1, digest);
        var request = Assert.Single(fake.Requests);
        Assert.Equal(HttpMethod.Head, request.Method);
        Assert.Equal("https://registry.example/v2/team/app/manifests/1.0", request.RequestUri!.ToString());
        var accepted = request.Headers.Accept.Select(a => a.MediaType).ToList();
        Assert.Contains("application/vnd.oci.image.index.v1+json", accepted);
        Assert.Contains("application/vnd.docker.distribution.manifest.list.v2+json", accepted);
        Assert.Contains("application/vnd.docker.distribution.manifest.v2+json", accepted);
        Assert.Contains("application/vnd.oci.image.manifest.v1+json", accepted);
    }

    [Fact]
    public async Task Docker_hub_images_are_asked_for_on_its_api_host()
    {
        var fake = new FakeRegistryHandler();
        fake.Push("library/nginx", "latest", Digest1);
        using var client = RegistryClientFactory.Create(fake);

        Assert.Equal(Digest1, await client.GetDigestAsync(ImageReference.Parse("nginx"), CancellationToken.None));
        Assert.Equal("https://registry-1.docker.io/v2/library/nginx/manifests/latest", Assert.Single(fake.Requests).RequestUri!.ToString());
    }

    [Fact]
    public async Task Missing_digest_header_falls_back_to_hashing_the_manifest()
    {
        var fake = new FakeRegistryHandler { OmitDigestHeader = true };
        const string manifest = """{"schemaVersion":2}""";
        fake.Push("team/app", "1.0", manifest);
        using var client = RegistryClientFactory.Create(fake);

        var digest = await client.GetDigestAsync(App, CancellationToken.None);

        var expected = "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(manifest)));
        Assert.Equal(expected, digest);
    }

    [Theory]
    [InlineData(false, "not-a-digest", "is not a digest")]
    [InlineData(false, "sha256:XYZ", "is not a digest")]
    [InlineData(true, "<html>502 Bad Gateway</html>", "unreadable manifest")]
    [InlineData(true, "[1, 2]", "unreadable manifest")]
    public async Task A_garbage_digest_or_manifest_is_a_registry_error_not_an_image(bool omitHeader, string answer, string expected)
    {
        var fake = new FakeRegistryHandler { OmitDigestHeader = omitHeader };
        fake.Push("team/app", "1.0", answer);
        using var client = RegistryClientFactory.Create(fake);

        var error = await Assert.ThrowsAsync<RegistryUnavailableException>(() => client.GetDigestAsync(App, CancellationToken.None));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains("registry.example", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tag_list_follows_link_pagination()
    {
        var fake = new FakeRegistryHandler { PageSize = 2 };
        foreach (var tag in new[] { "1.0", "1.1", "1.2", "2.0", "latest" })
        {
            fake.Push("team/app", tag, Digest1);
        }
        using var client = RegistryClientFactory.Create(fake);

        var tags = await client.ListTagsAsync(App, CancellationToken.None);

        Assert.Equal(["1.0", "1.1", "1.2", "2.0", "latest"], tags);
        Assert.Equal(3, fake.Requests.Count);
    }

    [Fact]
    public async Task Tag_list_stops_at_the_page_limit()
    {
        var fake = new FakeRegistryHandler { PageSize = 1 };
        foreach (var tag in new[] { "a", "b", "c", "d" })
        {
            fake.Push("team/app", tag, Digest1);
        }
        using var client = RegistryClientFactory.Create(fake, options: new RegistryOptions { MaxTagPages = 2 });

        var tags = await client.ListTagsAsync(App, CancellationToken.None);

        Assert.Equal(["a", "b"], tags);
    }

    [Fact]
    public async Task Bearer_challenge_is_answered_and_the_token_reused_until_it_expires()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-25T10:00:00Z"));
        var fake = new FakeRegistryHandler { BearerRealm = "https://auth.example/token", TokenExpiresIn = 300 };
        fake.Push("team/app", "1.0", Digest1);
        using var client = RegistryClientFactory.Create(fake, time);

        Assert.Equal(Digest1, await client.GetDigestAsync(App, CancellationToken.None));
        var tokenRequest = fake.Requests.Single(r => r.RequestUri!.Host == "auth.example");
        Assert.Contains("service=fake", tokenRequest.RequestUri!.Query);
        Assert.Contains("scope=repository%3Ateam%2Fapp%3Apull", tokenRequest.RequestUri!.Query);
        Assert.Equal(3, fake.Requests.Count);

        Assert.Equal(Digest1, await client.GetDigestAsync(App, CancellationToken.None));
        Assert.Equal(4, fake.Requests.Count);

        time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(Digest1, await client.GetDigestAsync(App, CancellationToken.None));
        Assert.Equal(2, fake.Requests.Count(r => r.RequestUri!.Host == "auth.example"));
    }

    [Fact]
    public async Task Token_request_carries_credentials_from_the_auth_file()
    {
        using var dir = new TempDir();
        var authFile = dir.Write("auth.json", """{"auths": {"registry.example/team": {"auth": "dXNlcjpzZWNyZXQ="}, "registry.example": {"auth": "b3RoZXI6d3Jvbmc="}}}""");
        var fake = new FakeRegistryHandler { BearerRealm = "https://auth.example/token", BasicCredentials = ("user", "secret") };
        fake.Push("team/app", "1.0", Digest1);
        using var client = RegistryClientFactory.Create(fake, authFiles: [authFile]);

        Assert.Equal(Digest1, await client.GetDigestAsync(App, CancellationToken.None));
    }

    [Fact]
    public async Task Basic_challenge_uses_auth_file_credentials()
    {
        using var dir = new TempDir();
        var missing = Path.Combine(dir.Path, "missing.json");
        var authFile = dir.Write("config.json", """{"auths": {"https://registry.example/v1/": {"auth": "dXNlcjpzZWNyZXQ="}}}""");
        var fake = new FakeRegistryHandler { BasicCredentials = ("user", "secret") };
        fake.Push("team/app", "1.0", Digest1);
        using var client = RegistryClientFactory.Create(fake, authFiles: [missing, authFile]);

        Assert.Equal(Digest1, await client.GetDigestAsync(App, CancellationToken.None));
        Assert.Equal(Digest1, await client.GetDigestAsync(App, CancellationToken.None));
        Assert.Equal(3, fake.Requests.Count);
    }

    [Fact]
    public async Task Basic_challenge_without_credentials_is_unauthorized()
    {
        var fake = new FakeRegistryHandler { BasicCredentials = ("user", "secret") };
        fake.Push("team/app", "1.0", Digest1);
        using var client = RegistryClientFactory.Create(fake);

        var error = await Assert.ThrowsAsync<RegistryUnauthorizedException>(() => client.GetDigestAsync(App, CancellationToken.None));
        Assert.Contains("podman login registry.example", error.Message);
    }

    [Fact]
    public async Task Wrong_credentials_are_unauthorized()
    {
        using var dir = new TempDir();
        var authFile = dir.Write("auth.json", """{"auths": {"registry.example": {"auth": "dXNlcjp3cm9uZw=="}}}""");
        var fake = new FakeRegistryHandler { BasicCredentials = ("user", "secret") };
        fake.Push("team/app", "1.0", Digest1);
        using var client = RegistryClientFactory.Create(fake, authFiles: [authFile]);

        await Assert.ThrowsAsync<RegistryUnauthorizedException>(() => client.GetDigestAsync(App, CancellationToken.None));
    }

    [Fact]
    public async Task Unknown_tag_is_not_found()
    {
        var fake = new FakeRegistryHandler();
        fake.Push("team/app", "1.0", Digest1);
        using var client = RegistryClientFactory.Create(fake);

        await Assert.ThrowsAsync<RegistryNotFoundException>(() => client.GetDigestAsync(App.WithTag("9.9"), CancellationToken.None));
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    [InlineData(HttpStatusCode.TooManyRequests)]
    public async Task Server_errors_are_unavailable(HttpStatusCode status)
    {
        using var client = RegistryClientFactory.Create(new FakeRegistryHandler { FailWith = status });

        var error = await Assert.ThrowsAsync<RegistryUnavailableException>(() => client.GetDigestAsync(App, CancellationToken.None));
        Assert.Equal("RegistryUnavailable", error.Reason);
    }

    [Fact]
    public async Task Unreachable_registry_is_unavailable()
    {
        using var client = RegistryClientFactory.Create(new SocketsHttpHandler(), registriesConf: """
            [[registry]]
            location = "127.0.0.1:1"
            insecure = true
            """);

        await Assert.ThrowsAsync<RegistryUnavailableException>(() => client.GetDigestAsync(ImageReference.Parse("127.0.0.1:1/app:1"), CancellationToken.None));
    }

    [Fact]
    public async Task Only_registries_marked_insecure_are_spoken_to_over_http()
    {
        var fake = new FakeRegistryHandler();
        fake.Push("app", "1", Digest1);
        using var client = RegistryClientFactory.Create(fake, registriesConf: """
            # a local registry for tests
            [[registry]]
            location = "127.0.0.1:5000"
            insecure = true

            [[registry]]
            location = "other.example:5000"
            insecure = false
            """);

        await client.GetDigestAsync(ImageReference.Parse("127.0.0.1:5000/app:1"), CancellationToken.None);
        await client.GetDigestAsync(ImageReference.Parse("other.example:5000/app:1"), CancellationToken.None);

        Assert.Equal(["http", "https"], fake.Requests.Select(r => r.RequestUri!.Scheme));
    }

    [Fact]
    public async Task Caller_cancellation_is_not_reported_as_a_registry_error()
    {
        var fake = new FakeRegistryHandler();
        fake.Push("team/app", "1.0", Digest1);
        using var client = RegistryClientFactory.Create(fake);
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetDigestAsync(App, cts.Token));
    }
}
