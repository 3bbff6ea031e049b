using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;

namespace Homelab.Registry.Tests;

/// <summary>
/// An in-memory distribution API: manifests by repo:tag, tag lists paged with Link headers, optional bearer or basic auth.
/// Records every request so tests can count and inspect them.
/// </summary>
internal sealed class FakeRegistryHandler : HttpMessageHandler
{
    public const string Token = "tok-123";

    public ConcurrentDictionary<(string Repository, string Tag), string> Manifests { get; } = new();
    public ConcurrentQueue<HttpRequestMessage> Requests { get; } = new();
    public int PageSize { get; set; } = 1000;
    public string? BearerRealm { get; set; }
    public (string User, string Password)? BasicCredentials { get; set; }
    public int TokenExpiresIn { get; set; } = 300;
    public HttpStatusCode? FailWith { get; set; }
    public bool OmitDigestHeader { get; set; }

    public void Push(string repository, string tag, string digest) => Manifests[(repository, tag)] = digest;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Requests.Enqueue(request);
        var uri = request.RequestUri!;
        if (BearerRealm is not null && uri.AbsoluteUri.StartsWith(BearerRealm, StringComparison.Ordinal))
        {
            return Task.FromResult(TokenResponse(request));
        }
        if (FailWith is { } status)
        {
            return Task.FromResult(new HttpResponseMessage(status));
        }
        if (!Authorized(request))
        {
            var challenge = new HttpResponseMessage(HttpStatusCode.Unauthorized);
            var repository = RepositoryOf(uri.AbsolutePath);
            challenge.Headers.TryAddWithoutValidation("WWW-Authenticate", BearerRealm is not null
                ? $"Bearer realm=\"{BearerRealm}\",service=\"fake\",scope=\"repository:{repository}:pull\""
                : "Basic realm=\"fake\"");
            return Task.FromResult(challenge);
        }
        var path = uri.AbsolutePath;
        if (path.Contains("/manifests/", StringComparison.Ordinal))
        {
            var split = path.LastIndexOf("/manifests/", StringComparison.Ordinal);
            var repository = path["/v2/".Length..split];
            var tag = path[(split + "/manifests/".Length)..];
            if (!Manifests.TryGetValue((repository, tag), out var digest))
            {
                return Task.FromResult(new HttpResponseMessage(HttpStatusCode.NotFound));
            }
            var response = new HttpResponseMessage(HttpStatusCode.OK);
            if (!OmitDigestHeader)
            {
                response.Headers.Add("Docker-Content-Digest", digest);
            }
            response.Content = new ByteArrayContent(request.Method == HttpMethod.Get ? Encoding.UTF8.GetBytes(digest) : []);
            return Task.FromResult(response);
        }
        if (path.EndsWith("/tags/list", StringComparison.Ordinal))
        {
            var repository = path["/v2/".Length..^"/tags/list".Length];
            var all = Manifests.Keys.Where(k => k.Repository == repository).Select(k => k.Tag).Order(StringComparer.Ordinal).ToList();
            if (all.Count == 0)
            {
                return Task.FromResult(new HttpResponseMessage(HttpStatusCode.NotFound));
            }
            var last = System.Web.HttpUtility.ParseQueryString(uri.Query)["last"];
            var page = all.Where(t => last is null || string.CompareOrdinal(t, last) > 0).Take(PageSize).ToList();
            var response = new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent(JsonSerializer.Serialize(new { name = repository, tags = page })),
            };
            if (page.Count > 0 && all.IndexOf(page[^1]) < all.Count - 1)
            {
                response.Headers.TryAddWithoutValidation("Link", $"</v2/{repository}/tags/list?last={page[^1]}&n={PageSize}>; rel=\"next\"");
            }
            return Task.FromResult(response);
        }
        return Task.FromResult(new HttpResponseMessage(HttpStatusCode.NotFound));
    }

    private bool Authorized(HttpRequestMessage request)
    {
        var auth = request.Headers.Authorization;
        if (BearerRealm is not null)
        {
            return auth is { Scheme: "Bearer", Parameter: Token };
        }
        if (BasicCredentials is { } basic)
        {
            var expected = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{basic.User}:{basic.Password}"));
            return auth is { Scheme: "Basic" } && auth.Parameter == expected;
        }
        return true;
    }

    private HttpResponseMessage TokenResponse(HttpRequestMessage request)
    {
        if (BasicCredentials is { } basic)
        {
            var expected = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{basic.User}:{basic.Password}"));
            if (request.Headers.Authorization?.Parameter != expected)
            {
                return new HttpResponseMessage(HttpStatusCode.Unauthorized);
            }
        }
        return new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StringContent(JsonSerializer.Serialize(new { token = Token, expires_in = TokenExpiresIn })),
        };
    }

    private static string RepositoryOf(string path)
    {
        var rest = path["/v2/".Length..];
        var marker = rest.IndexOf("/manifests/", StringComparison.Ordinal);
        if (marker < 0)
        {
            marker = rest.IndexOf("/tags/list", StringComparison.Ordinal);
        }
        return marker < 0 ? rest : rest[..marker];
    }
}
