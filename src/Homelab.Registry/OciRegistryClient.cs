using System.Net;
using System.Net.Http.Headers;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Homelab.Api.Values;
using Homelab.Registry.Auth;
using Homelab.Registry.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Homelab.Registry;

/// <summary>
/// The OCI distribution API over HttpClient: HEAD manifests for digests, tags/list with Link pagination, the bearer-token
/// challenge and basic auth from Podman's auth file. HTTPS unless registries.conf marks the registry insecure.
/// </summary>
internal sealed partial class OciRegistryClient : IRegistry, IDisposable
{
    private const string DigestHeader = "Docker-Content-Digest";
    private const string DockerHubApiHost = "registry-1.docker.io";
    private static readonly TimeSpan DefaultTokenLifetime = TimeSpan.FromSeconds(60);

    private readonly HttpClient _http;
    private readonly IRegistryCredentials _credentials;
    private readonly RegistriesConf _registries;
    private readonly RegistryOptions _options;
    private readonly RegistryAuthCache _auth;
    private readonly ILogger<OciRegistryClient> _logger;

    public OciRegistryClient(
        HttpMessageHandler handler,
        IRegistryCredentials credentials,
        RegistriesConf registries,
        IOptions<RegistryOptions> options,
        TimeProvider time,
        ILogger<OciRegistryClient> logger)
    {
        _http = new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("homelabd/0.1");
        _credentials = credentials;
        _registries = registries;
        _options = options.Value;
        _auth = new RegistryAuthCache(time);
        _logger = logger;
    }

    public async Task<string> GetDigestAsync(ImageReference image, CancellationToken cancellationToken)
    {
        var reference = image.EffectiveTag ?? image.Digest!;
        var uri = new Uri(BaseUri(image), $"/v2/{image.Repository}/manifests/{reference}");
        using var response = await SendAsync(image, () => ManifestRequest(HttpMethod.Head, uri), cancellationToken).ConfigureAwait(false);
        EnsureFound(response, image, $"manifest {image.Repository}:{reference}");
        if (response.Headers.TryGetValues(DigestHeader, out var values) && values.FirstOrDefault() is { Length: > 0 } digest)
        {
            return Checked(image, digest);
        }
        // Some registries omit the header on HEAD; the digest is then the sha256 of the manifest bytes.
        using var get = await SendAsync(image, () => ManifestRequest(HttpMethod.Get, uri), cancellationToken).ConfigureAwait(false);
        EnsureFound(get, image, $"manifest {image.Repository}:{reference}");
        if (get.Headers.TryGetValues(DigestHeader, out var getValues) && getValues.FirstOrDefault() is { Length: > 0 } getDigest)
        {
            return Checked(image, getDigest);
        }
        var body = await get.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Hashing garbage would name an image that does not exist: only a manifest (a JSON object) has a digest.
            using var manifest = JsonDocument.Parse(body);
            if (manifest.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new JsonException("a manifest is a JSON object");
            }
        }
        catch (JsonException ex)
        {
            throw new RegistryUnavailableException(image.Registry, $"registry {image.Registry} sent an unreadable manifest for {image.Repository}:{reference}: {ex.Message}", ex);
        }
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(body));
    }

    /// <summary>A registry's digest header is trusted as an address, so one that is not a digest is the registry's fault, said so.</summary>
    private static string Checked(ImageReference image, string digest) =>
        ImageReference.IsDigest(digest)
            ? digest
            : throw new RegistryUnavailableException(image.Registry, $"registry {image.Registry} sent \"{Truncated(digest)}\" as the digest of {image}, which is not a digest");

    private static string Truncated(string text) => text.Length <= 80 ? text : text[..80] + "…";

    public async Task<string> GetImageIdAsync(ImageReference image, CancellationToken cancellationToken)
    {
        var reference = image.Digest ?? image.EffectiveTag!;
        using var manifest = await GetManifestAsync(image, reference, cancellationToken).ConfigureAwait(false);
        var root = manifest.RootElement;
        if (root.TryGetProperty("manifests", out var entries) && entries.ValueKind == JsonValueKind.Array)
        {
            var platform = entries.EnumerateArray().FirstOrDefault(IsThisPlatform);
            var instance = platform.ValueKind == JsonValueKind.Object && platform.TryGetProperty("digest", out var d) ? d.GetString() : null;
            if (instance is null)
            {
                throw new RegistryNotFoundException(image.Registry, $"{image} has no manifest for linux/{HostArchitecture}");
            }
            using var platformManifest = await GetManifestAsync(image, instance, cancellationToken).ConfigureAwait(false);
            return ConfigDigest(image, platformManifest.RootElement);
        }
        return ConfigDigest(image, root);
    }

    /// <summary>GOARCH names, as image indexes use them.</summary>
    private static string HostArchitecture => RuntimeInformation.OSArchitecture switch
    {
        Architecture.X64 => "amd64",
        Architecture.Arm64 => "arm64",
        Architecture.Arm => "arm",
        Architecture.X86 => "386",
        var other => other.ToString().ToLowerInvariant(),
    };

    private static bool IsThisPlatform(JsonElement entry) =>
        entry.TryGetProperty("platform", out var platform) && platform.ValueKind == JsonValueKind.Object
        && platform.TryGetProperty("os", out var os) && os.GetString() == "linux"
        && platform.TryGetProperty("architecture", out var architecture) && architecture.GetString() == HostArchitecture;

    private static string ConfigDigest(ImageReference image, JsonElement manifest) =>
        manifest.TryGetProperty("config", out var config) && config.ValueKind == JsonValueKind.Object
        && config.TryGetProperty("digest", out var digest) && digest.GetString() is { Length: > 0 } value
            ? value
            : throw new RegistryUnavailableException(image.Registry, $"registry {image.Registry} sent a manifest for {image} without a config digest");

    private async Task<JsonDocument> GetManifestAsync(ImageReference image, string reference, CancellationToken cancellationToken)
    {
        var uri = new Uri(BaseUri(image), $"/v2/{image.Repository}/manifests/{reference}");
        using var response = await SendAsync(image, () => ManifestRequest(HttpMethod.Get, uri), cancellationToken).ConfigureAwait(false);
        EnsureFound(response, image, $"manifest {image.Repository}@{reference}");
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            return await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            throw new RegistryUnavailableException(image.Registry, $"registry {image.Registry} sent an unreadable manifest for {image.Repository}@{reference}: {ex.Message}", ex);
        }
    }

    public async Task<IReadOnlyList<string>> ListTagsAsync(ImageReference image, CancellationToken cancellationToken)
    {
        var baseUri = BaseUri(image);
        Uri? next = new(baseUri, $"/v2/{image.Repository}/tags/list?n={_options.TagPageSize}");
        var tags = new List<string>();
        for (var page = 0; next is not null; page++)
        {
            if (page >= _options.MaxTagPages)
            {
                LogTagPagesCapped(_logger, image.Registry, image.Repository, page);
                break;
            }
            var pageUri = next;
            using var response = await SendAsync(image, () => new HttpRequestMessage(HttpMethod.Get, pageUri), cancellationToken).ConfigureAwait(false);
            EnsureFound(response, image, $"repository {image.Repository}");
            try
            {
                await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                using var document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
                if (document.RootElement.TryGetProperty("tags", out var array) && array.ValueKind == JsonValueKind.Array)
                {
                    tags.AddRange(array.EnumerateArray().Select(t => t.GetString()).OfType<string>());
                }
            }
            catch (JsonException ex)
            {
                throw new RegistryUnavailableException(image.Registry, $"registry {image.Registry} sent an unreadable tag list for {image.Repository}: {ex.Message}", ex);
            }
            next = NextPage(response, baseUri);
        }
        return tags;
    }

    public void Dispose() => _http.Dispose();

    private Uri BaseUri(ImageReference image)
    {
        var scheme = _registries.IsInsecure(image.Registry, image.Repository) ? "http" : "https";
        return new Uri($"{scheme}://{ApiHost(image)}");
    }

    /// <summary>Docker Hub's distribution API is not served on docker.io itself.</summary>
    internal static string ApiHost(ImageReference image) => image.Registry == ImageReference.DockerHub ? DockerHubApiHost : image.Registry;

    private static HttpRequestMessage ManifestRequest(HttpMethod method, Uri uri)
    {
        var request = new HttpRequestMessage(method, uri);
        foreach (var type in ManifestMediaTypes.All)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
        }
        return request;
    }

    /// <summary>RFC 5988 <c>Link: &lt;/v2/…?last=x&amp;n=y&gt;; rel="next"</c>, relative to the registry.</summary>
    private static Uri? NextPage(HttpResponseMessage response, Uri baseUri)
    {
        if (!response.Headers.TryGetValues("Link", out var links))
        {
            return null;
        }
        foreach (var link in links.SelectMany(l => l.Split(',')))
        {
            var open = link.IndexOf('<');
            var close = link.IndexOf('>');
            if (open >= 0 && close > open && link[(close + 1)..].Contains("rel=\"next\"", StringComparison.OrdinalIgnoreCase))
            {
                return new Uri(baseUri, link[(open + 1)..close]);
            }
        }
        return null;
    }

    private static void EnsureFound(HttpResponseMessage response, ImageReference image, string what)
    {
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            throw new RegistryNotFoundException(image.Registry, $"{what} not found in registry {image.Registry}");
        }
        if (!response.IsSuccessStatusCode)
        {
            throw new RegistryUnavailableException(image.Registry, $"registry {image.Registry} answered {(int)response.StatusCode} {response.ReasonPhrase} for {what}");
        }
    }

    /// <summary>Sends with cached auth; on a 401 answers the challenge once and retries. 401/403 after that is Unauthorized.</summary>
    private async Task<HttpResponseMessage> SendAsync(ImageReference image, Func<HttpRequestMessage> createRequest, CancellationToken cancellationToken)
    {
        var response = await SendOnceAsync(image, createRequest, _auth.Get(ApiHost(image), image.Repository), cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            var challenge = AuthChallenge.Parse(response.Headers.WwwAuthenticate.FirstOrDefault()?.ToString());
            response.Dispose();
            _auth.Forget(ApiHost(image), image.Repository);
            var authorization = await AnswerChallengeAsync(image, challenge, cancellationToken).ConfigureAwait(false);
            response = await SendOnceAsync(image, createRequest, authorization, cancellationToken).ConfigureAwait(false);
        }
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            var status = (int)response.StatusCode;
            response.Dispose();
            _auth.Forget(ApiHost(image), image.Repository);
            throw new RegistryUnauthorizedException(image.Registry, $"registry {image.Registry} refused access to {image.Repository} ({status}); check `podman login {image.Registry}`");
        }
        if ((int)response.StatusCode >= 500 || response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            var status = (int)response.StatusCode;
            response.Dispose();
            throw new RegistryUnavailableException(image.Registry, $"registry {image.Registry} answered {status} for {image.Repository}");
        }
        return response;
    }

    private async Task<HttpResponseMessage> SendOnceAsync(ImageReference image, Func<HttpRequestMessage> createRequest, AuthenticationHeaderValue? authorization, CancellationToken cancellationToken)
    {
        using var request = createRequest();
        request.Headers.Authorization = authorization;
        LogRequest(_logger, request.Method, request.RequestUri);
        return await TransportAsync(image, request, cancellationToken).ConfigureAwait(false);
    }

    private async Task<HttpResponseMessage> TransportAsync(ImageReference image, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.RequestTimeout);
        try
        {
            var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            // Bodies here are small (manifests, tag pages, tokens); buffer them inside the timeout.
            await response.Content.LoadIntoBufferAsync(timeout.Token).ConfigureAwait(false);
            return response;
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new RegistryUnavailableException(image.Registry, $"registry {image.Registry} did not answer within {_options.RequestTimeout.TotalSeconds:0.#}s", ex);
        }
        catch (HttpRequestException ex)
        {
            throw new RegistryUnavailableException(image.Registry, $"registry {image.Registry} is unreachable: {ex.Message}", ex);
        }
    }

    private async Task<AuthenticationHeaderValue> AnswerChallengeAsync(ImageReference image, AuthChallenge? challenge, CancellationToken cancellationToken)
    {
        var credential = _credentials.Find(image);
        if (challenge is { IsBearer: true } && challenge["realm"] is { Length: > 0 } realm)
        {
            var (token, lifetime) = await FetchTokenAsync(image, realm, challenge["service"], challenge["scope"], credential, cancellationToken).ConfigureAwait(false);
            var header = new AuthenticationHeaderValue("Bearer", token);
            _auth.Set(ApiHost(image), image.Repository, header, lifetime);
            return header;
        }
        if (challenge is { IsBasic: true } && credential is not null)
        {
            var header = Basic(credential);
            _auth.Set(ApiHost(image), image.Repository, header, lifetime: null);
            return header;
        }
        throw new RegistryUnauthorizedException(image.Registry, credential is null
            ? $"registry {image.Registry} requires credentials for {image.Repository} and none are in the auth file; run `podman login {image.Registry}`"
            : $"registry {image.Registry} sent an authentication challenge that is not understood: {challenge?.Scheme ?? "none"}");
    }

    private async Task<(string Token, TimeSpan Lifetime)> FetchTokenAsync(ImageReference image, string realm, string? service, string? scope, RegistryCredential? credential, CancellationToken cancellationToken)
    {
        var query = new StringBuilder();
        if (service is not null)
        {
            query.Append("service=").Append(Uri.EscapeDataString(service));
        }
        query.Append(query.Length > 0 ? "&" : "").Append("scope=").Append(Uri.EscapeDataString(scope ?? $"repository:{image.Repository}:pull"));
        if (!Uri.TryCreate(realm, UriKind.Absolute, out var realmUri) || realmUri.Scheme is not ("https" or "http"))
        {
            throw new RegistryUnauthorizedException(image.Registry, $"registry {image.Registry} named an unusable token realm \"{realm}\"");
        }
        var builder = new UriBuilder(realmUri) { Query = (realmUri.Query.TrimStart('?') is { Length: > 0 } q ? q + "&" : "") + query };
        using var request = new HttpRequestMessage(HttpMethod.Get, builder.Uri);
        if (credential is not null)
        {
            request.Headers.Authorization = Basic(credential);
        }
        using var response = await TransportAsync(image, request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            throw new RegistryUnauthorizedException(image.Registry, $"token service {realmUri.Host} refused {(credential is null ? "anonymous access" : "the credentials for " + credential.Username)} to {image.Repository}");
        }
        if (!response.IsSuccessStatusCode)
        {
            throw new RegistryUnavailableException(image.Registry, $"token service {realmUri.Host} answered {(int)response.StatusCode}");
        }
        try
        {
            using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
            var root = document.RootElement;
            var token = (root.TryGetProperty("token", out var t) ? t.GetString() : null)
                ?? (root.TryGetProperty("access_token", out var a) ? a.GetString() : null);
            if (string.IsNullOrEmpty(token))
            {
                throw new RegistryUnavailableException(image.Registry, $"token service {realmUri.Host} sent no token");
            }
            var lifetime = root.TryGetProperty("expires_in", out var e) && e.TryGetInt32(out var seconds) && seconds > 0
                ? TimeSpan.FromSeconds(seconds)
                : DefaultTokenLifetime;
            return (token, lifetime);
        }
        catch (JsonException ex)
        {
            throw new RegistryUnavailableException(image.Registry, $"token service {realmUri.Host} sent an unreadable answer", ex);
        }
    }

    private static AuthenticationHeaderValue Basic(RegistryCredential credential) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credential.Username}:{credential.Password}")));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stopped listing tags of {Registry}/{Repository} after {Pages} pages; newer tags may be missed")]
    private static partial void LogTagPagesCapped(ILogger logger, string registry, string repository, int pages);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Method} {Uri}")]
    private static partial void LogRequest(ILogger logger, HttpMethod method, Uri? uri);
}
