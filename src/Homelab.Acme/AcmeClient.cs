using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Homelab.Acme.Protocol;
using Microsoft.Extensions.Logging;

namespace Homelab.Acme;

/// <summary>
/// RFC 8555 over HttpClient: the directory read once per server, one nonce kept from each reply (a badNonce error is
/// retried with the nonce it carries, as §6.5 asks), every request a JWS POST (POST-as-GET to read), HTTP-01 only.
/// </summary>
internal sealed partial class AcmeClient(Func<AcmeServer, HttpMessageHandler> handlers, TimeProvider time, ILogger<AcmeClient> logger) : IAcmeClient, IDisposable
{
    /// <summary>badNonce is the one error a request is sent again for (pebble refuses 5% of good nonces by default, Boulder some after restarts).</summary>
    internal const int BadNonceRetries = 10;

    private const string JoseJson = "application/jose+json";
    private const string PemChain = "application/pem-certificate-chain";
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxPollInterval = TimeSpan.FromSeconds(10);

    /// <summary>How long one validation or finalization may take before the order counts as failed (and is tried again after the back-off).</summary>
    private static readonly TimeSpan PollTimeout = TimeSpan.FromMinutes(2);

    private readonly Dictionary<AcmeServer, Session> _sessions = [];
    private readonly Lock _lock = new();

    public async Task<AcmeAccount> RegisterAsync(AcmeServer server, ECDsa key, string? email, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(key);
        var session = SessionFor(server);
        var directory = await DirectoryAsync(session, cancellationToken).ConfigureAwait(false);
        var request = new NewAccountRequest { TermsOfServiceAgreed = true, Contact = email is null ? null : ["mailto:" + email] };
        var reply = await PostAsync(session, Require(directory.NewAccount, "newAccount"), null, key, Json(request, AcmeJsonContext.Default.NewAccountRequest), "registering the account", cancellationToken).ConfigureAwait(false);
        var url = reply.Location ?? throw new AcmeException($"{server.Directory}: newAccount answered without the account's URL (Location)");
        var account = Parse(reply, AcmeJsonContext.Default.AccountResource, "the account");
        if (account.Status is { } status && status != "valid")
        {
            throw new AcmeException($"the account {url} is {status}");
        }
        return new AcmeAccount(url, key);
    }

    public async Task<string> IssueAsync(AcmeServer server, AcmeAccount account, IReadOnlyList<string> hostnames, byte[] csr,
        Func<IReadOnlyList<Http01Challenge>, CancellationToken, Task> publish, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(hostnames);
        ArgumentNullException.ThrowIfNull(publish);
        var session = SessionFor(server);
        var directory = await DirectoryAsync(session, cancellationToken).ConfigureAwait(false);
        var newOrder = new NewOrderRequest { Identifiers = [.. hostnames.Select(h => new Identifier { Value = h })] };
        var reply = await PostAsync(session, Require(directory.NewOrder, "newOrder"), account.Url, account.Key, Json(newOrder, AcmeJsonContext.Default.NewOrderRequest), "ordering", cancellationToken).ConfigureAwait(false);
        var orderUrl = reply.Location ?? throw new AcmeException($"{server.Directory}: newOrder answered without the order's URL (Location)");
        var order = Parse(reply, AcmeJsonContext.Default.OrderResource, "the order");

        var pending = new List<(Http01Challenge Challenge, Uri Url, Uri Authorization)>();
        foreach (var url in order.Authorizations)
        {
            var authorization = Parse(await PostAsGetAsync(session, account, url, "reading an authorization", cancellationToken).ConfigureAwait(false), AcmeJsonContext.Default.AuthorizationResource, "the authorization");
            var name = authorization.Identifier.Value;
            if (authorization.Status == "valid")
            {
                continue; // validated for an earlier order and still fresh
            }
            if (authorization.Status != "pending")
            {
                throw new AcmeException($"the authorization for {name} is {authorization.Status}");
            }
            var http = authorization.Challenges.FirstOrDefault(c => c.Type == "http-01" && c.Url is not null && !string.IsNullOrEmpty(c.Token))
                ?? throw new AcmeException($"the server offers no http-01 challenge for {(authorization.Wildcard ? "*." : "")}{name}" +
                    (authorization.Wildcard ? " (a wildcard needs dns-01, which homelabd does not answer)" : ""));
            pending.Add((new Http01Challenge(name, http.Token!, Jws.KeyAuthorization(http.Token!, account.Key)), http.Url!, url));
        }
        if (pending.Count > 0)
        {
            await publish([.. pending.Select(p => p.Challenge)], cancellationToken).ConfigureAwait(false);
            foreach (var (_, url, _) in pending)
            {
                await PostAsync(session, url, account.Url, account.Key, Json(new EmptyObject(), AcmeJsonContext.Default.EmptyObject), "asking for validation", cancellationToken).ConfigureAwait(false);
            }
            foreach (var (challenge, _, url) in pending)
            {
                var authorization = await PollAsync(session, account, url, AcmeJsonContext.Default.AuthorizationResource, a => a.Status != "pending", $"validating {challenge.Host}", cancellationToken).ConfigureAwait(false);
                if (authorization.Status != "valid")
                {
                    var error = authorization.Challenges.FirstOrDefault(c => c.Type == "http-01")?.Error;
                    throw new AcmeException($"{challenge.Host} failed HTTP-01 validation ({authorization.Status}): {error?.ToString() ?? "no reason given"}", error?.Type);
                }
            }
        }

        order = await PollAsync(session, account, orderUrl, AcmeJsonContext.Default.OrderResource, o => o.Status != "pending", "waiting for the order to be ready", cancellationToken).ConfigureAwait(false);
        if (order.Status == "ready")
        {
            var finalize = new FinalizeRequest { Csr = Jws.Base64Url(csr) };
            order = Parse(await PostAsync(session, Require(order.Finalize, "finalize"), account.Url, account.Key, Json(finalize, AcmeJsonContext.Default.FinalizeRequest), "finalizing", cancellationToken).ConfigureAwait(false),
                AcmeJsonContext.Default.OrderResource, "the order");
            order = await PollAsync(session, account, orderUrl, AcmeJsonContext.Default.OrderResource, o => o.Status is not ("processing" or "ready"), "waiting for the certificate", cancellationToken).ConfigureAwait(false);
        }
        if (order.Status != "valid" || order.Certificate is null)
        {
            throw new AcmeException($"the order {orderUrl} is {order.Status}: {order.Error?.ToString() ?? "no reason given"}", order.Error?.Type);
        }
        var chain = await PostAsync(session, order.Certificate, account.Url, account.Key, null, "downloading the certificate", cancellationToken, PemChain).ConfigureAwait(false);
        if (!chain.Body.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal))
        {
            throw new AcmeException($"the certificate at {order.Certificate} is not a PEM chain");
        }
        return chain.Body;
    }

    /// <summary>The HTTP handler for a server: its caBundle, when set, is the only trust for its TLS certificate.</summary>
    internal static HttpMessageHandler DefaultHandler(AcmeServer server)
    {
        var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), ConnectTimeout = TimeSpan.FromSeconds(10) };
        if (server.CaBundle is { } bundle)
        {
            var roots = new X509Certificate2Collection();
            roots.ImportFromPem(bundle);
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, chain, errors) => TrustedBy(roots, certificate, chain, errors);
        }
        return handler;
    }

    private static bool TrustedBy(X509Certificate2Collection roots, X509Certificate? certificate, X509Chain? presented, SslPolicyErrors errors)
    {
        if (certificate is null || (errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) != 0)
        {
            return false;
        }
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (presented is not null)
        {
            chain.ChainPolicy.ExtraStore.AddRange(presented.ChainElements.Select(e => e.Certificate).ToArray());
        }
        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return chain.Build(leaf);
    }

    private Session SessionFor(AcmeServer server)
    {
        lock (_lock)
        {
            if (!_sessions.TryGetValue(server, out var session))
            {
                var http = new HttpClient(handlers(server), disposeHandler: true) { Timeout = RequestTimeout };
                http.DefaultRequestHeaders.UserAgent.ParseAdd("homelabd/0.1");
                _sessions[server] = session = new Session(server, http);
            }
            return session;
        }
    }

    private static async Task<AcmeDirectory> DirectoryAsync(Session session, CancellationToken cancellationToken)
    {
        if (session.Directory is { } known)
        {
            return known;
        }
        var reply = await SendAsync(session, () => new HttpRequestMessage(HttpMethod.Get, session.Server.Directory), "reading the directory", cancellationToken).ConfigureAwait(false);
        if (!reply.Ok)
        {
            throw Problem(session, reply, "reading the directory");
        }
        return session.Directory = Parse(reply, AcmeJsonContext.Default.AcmeDirectory, "the directory");
    }

    private static async Task<string> NonceAsync(Session session, CancellationToken cancellationToken)
    {
        if (session.TakeNonce() is { } nonce)
        {
            return nonce;
        }
        var directory = await DirectoryAsync(session, cancellationToken).ConfigureAwait(false);
        await SendAsync(session, () => new HttpRequestMessage(HttpMethod.Head, Require(directory.NewNonce, "newNonce")), "getting a nonce", cancellationToken).ConfigureAwait(false);
        return session.TakeNonce() ?? throw new AcmeException($"{session.Server.Directory}: newNonce answered without a Replay-Nonce");
    }

    private Task<Reply> PostAsGetAsync(Session session, AcmeAccount account, Uri url, string what, CancellationToken cancellationToken) =>
        PostAsync(session, url, account.Url, account.Key, null, what, cancellationToken);

    /// <summary>A signed POST; a badNonce answer is sent again with a fresh nonce, any other error throws the server's problem.</summary>
    private async Task<Reply> PostAsync(Session session, Uri url, Uri? keyId, ECDsa key, byte[]? payload, string what, CancellationToken cancellationToken, string? accept = null)
    {
        for (var attempt = 0; ; attempt++)
        {
            var nonce = await NonceAsync(session, cancellationToken).ConfigureAwait(false);
            var body = Jws.Sign(key, keyId, nonce, url, payload);
            var reply = await SendAsync(session, () =>
            {
                var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue(JoseJson);
                if (accept is not null)
                {
                    request.Headers.Accept.ParseAdd(accept);
                }
                return request;
            }, what, cancellationToken).ConfigureAwait(false);
            if (reply.Ok)
            {
                return reply;
            }
            var problem = Problem(session, reply, what);
            if (problem.Type == AcmeException.BadNonce && attempt < BadNonceRetries)
            {
                LogBadNonce(logger, url, attempt + 1);
                continue;
            }
            throw problem;
        }
    }

    private static async Task<Reply> SendAsync(Session session, Func<HttpRequestMessage> request, string what, CancellationToken cancellationToken)
    {
        try
        {
            using var message = request();
            using var response = await session.Http.SendAsync(message, cancellationToken).ConfigureAwait(false);
            if (response.Headers.TryGetValues("Replay-Nonce", out var nonces) && nonces.FirstOrDefault() is { Length: > 0 } nonce)
            {
                session.Nonce = nonce;
            }
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            var location = response.Headers.Location is { } l ? new Uri(message.RequestUri!, l) : null;
            var retryAfter = response.Headers.RetryAfter?.Delta;
            return new Reply(response.StatusCode, body, location, retryAfter);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new AcmeException($"{session.Server.Directory.Host}: {what} failed, the server does not answer: {e.Message}", inner: e);
        }
    }

    /// <summary>Reads a resource until <paramref name="done"/>, as often as its Retry-After says (1 s by default), for at most <see cref="PollTimeout"/>.</summary>
    private async Task<T> PollAsync<T>(Session session, AcmeAccount account, Uri url, JsonTypeInfo<T> type, Func<T, bool> done, string what, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + PollTimeout;
        while (true)
        {
            var reply = await PostAsGetAsync(session, account, url, what, cancellationToken).ConfigureAwait(false);
            var resource = Parse(reply, type, what);
            if (done(resource))
            {
                return resource;
            }
            if (time.GetUtcNow() > deadline)
            {
                throw new AcmeException($"{what}: no result after {PollTimeout.TotalMinutes:0} min");
            }
            var wait = reply.RetryAfter is { } after ? TimeSpan.FromTicks(Math.Clamp(after.Ticks, 0, MaxPollInterval.Ticks)) : PollInterval;
            await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
        }
    }

    private static AcmeException Problem(Session session, Reply reply, string what)
    {
        ProblemDocument? problem = null;
        try
        {
            problem = JsonSerializer.Deserialize(reply.Body, AcmeJsonContext.Default.ProblemDocument);
        }
        catch (JsonException)
        {
        }
        var reason = problem?.Type is not null ? problem.ToString() : $"HTTP {(int)reply.Status}: {reply.Body.Trim()}";
        return new AcmeException($"{session.Server.Directory.Host}: {what} failed: {reason}", problem?.Type);
    }

    private static T Parse<T>(Reply reply, JsonTypeInfo<T> type, string what)
    {
        try
        {
            return JsonSerializer.Deserialize(reply.Body, type) ?? throw new AcmeException($"{what}: the server answered null");
        }
        catch (JsonException e)
        {
            throw new AcmeException($"{what}: the server's answer is not the JSON expected: {e.Message}", inner: e);
        }
    }

    private static byte[] Json<T>(T value, JsonTypeInfo<T> type) => JsonSerializer.SerializeToUtf8Bytes(value, type);

    private static Uri Require(Uri? url, string name) => url ?? throw new AcmeException($"the ACME directory has no {name} URL");

    public void Dispose()
    {
        lock (_lock)
        {
            foreach (var session in _sessions.Values)
            {
                session.Http.Dispose();
            }
            _sessions.Clear();
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "ACME server refused the nonce for {Url} (badNonce), sending again (retry {Attempt})")]
    private static partial void LogBadNonce(ILogger logger, Uri url, int attempt);

    private sealed record Reply(HttpStatusCode Status, string Body, Uri? Location, TimeSpan? RetryAfter)
    {
        public bool Ok => (int)Status is >= 200 and < 300;
    }

    /// <summary>What is kept per server between calls: the connection, the directory, the last nonce a reply carried.</summary>
    private sealed class Session(AcmeServer server, HttpClient http)
    {
        public AcmeServer Server { get; } = server;
        public HttpClient Http { get; } = http;
        public AcmeDirectory? Directory { get; set; }
        public string? Nonce { get; set; }

        /// <summary>A nonce is good for one request.</summary>
        public string? TakeNonce()
        {
            var nonce = Nonce;
            Nonce = null;
            return nonce;
        }
    }
}
