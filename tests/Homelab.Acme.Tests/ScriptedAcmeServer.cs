using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Homelab.Acme.Tests;

/// <summary>
/// An in-memory ACME server as an HttpMessageHandler, strict where RFC 8555 is: every POST must be a JWS that verifies
/// with the account key, carry a nonce this server issued and nobody used, and name the URL it is sent to. One account,
/// one order with one HTTP-01 authorization per name. <see cref="RejectNonces"/> answers that many good nonces with badNonce.
/// </summary>
internal sealed class ScriptedAcmeServer : HttpMessageHandler
{
    public const string Base = "https://acme.test";
    public static readonly Uri Directory = new(Base + "/dir");

    private readonly HashSet<string> _issued = [];
    private readonly List<string> _names = [];
    private readonly HashSet<string> _validated = [];
    private int _nonce;
    private bool _finalized;

    public int RejectNonces { get; set; }

    /// <summary>A problem document newOrder answers with, when set.</summary>
    public string? OrderProblem { get; set; }

    public int NonceHeads { get; private set; }

    public List<string> Log { get; } = [];

    public string? Csr { get; private set; }

    public ECDsa? AccountKey { get; private set; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri!.AbsolutePath;
        if (request.Method == HttpMethod.Get && path == "/dir")
        {
            // Without a Replay-Nonce, as RFC 8555 allows: the first nonce must come from newNonce.
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent($$"""{"newNonce":"{{Base}}/nonce","newAccount":"{{Base}}/new-acct","newOrder":"{{Base}}/new-order"}""") };
        }
        if (request.Method == HttpMethod.Head && path == "/nonce")
        {
            NonceHeads++;
            return WithNonce(new HttpResponseMessage(HttpStatusCode.OK));
        }
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("application/jose+json", request.Content!.Headers.ContentType!.MediaType);
        var jws = JsonNode.Parse(await request.Content.ReadAsStringAsync(cancellationToken))!;
        var header = JsonNode.Parse(JwsTests.FromBase64Url(jws["protected"]!.GetValue<string>()))!;
        Assert.Equal(request.RequestUri.AbsoluteUri, header["url"]!.GetValue<string>());
        if (path == "/new-acct")
        {
            AccountKey = ECDsa.Create(new ECParameters
            {
                Curve = ECCurve.NamedCurves.nistP256,
                Q = new ECPoint { X = JwsTests.FromBase64Url(header["jwk"]!["x"]!.GetValue<string>()), Y = JwsTests.FromBase64Url(header["jwk"]!["y"]!.GetValue<string>()) },
            });
        }
        else
        {
            Assert.Equal(Base + "/acct/1", header["kid"]!.GetValue<string>());
        }
        Assert.True(JwsTests.Verifies(AccountKey!, jws), "the JWS does not verify with the account key");
        var nonce = header["nonce"]!.GetValue<string>();
        Assert.True(_issued.Remove(nonce), $"nonce {nonce} was not issued or is used twice");
        Log.Add(path);
        if (RejectNonces > 0)
        {
            RejectNonces--;
            return Problem(HttpStatusCode.BadRequest, "urn:ietf:params:acme:error:badNonce", "JWS has an invalid anti-replay nonce");
        }
        var payload = jws["payload"]!.GetValue<string>() is { Length: > 0 } p ? JsonNode.Parse(JwsTests.FromBase64Url(p)) : null;
        switch (path)
        {
            case "/new-acct":
                Assert.True(payload!["termsOfServiceAgreed"]!.GetValue<bool>());
                return Json(HttpStatusCode.Created, """{"status":"valid"}""", Base + "/acct/1");
            case "/new-order":
                if (OrderProblem is not null)
                {
                    return Problem(HttpStatusCode.TooManyRequests, "urn:ietf:params:acme:error:rateLimited", OrderProblem);
                }
                _names.AddRange(payload!["identifiers"]!.AsArray().Select(i => i!["value"]!.GetValue<string>()));
                return Json(HttpStatusCode.Created, Order(), Base + "/order/1");
            case "/order/1":
                return Json(HttpStatusCode.OK, Order());
            case "/order/1/finalize":
                Csr = payload!["csr"]!.GetValue<string>();
                _finalized = true;
                return Json(HttpStatusCode.OK, Order());
            case "/cert/1":
                Assert.Equal("application/pem-certificate-chain", request.Headers.Accept.Single().MediaType);
                return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("-----BEGIN CERTIFICATE-----\nleaf\n-----END CERTIFICATE-----\n") }.Also(WithNonce);
        }
        if (path.StartsWith("/authz/", StringComparison.Ordinal))
        {
            var name = _names[int.Parse(path[7..], System.Globalization.CultureInfo.InvariantCulture)];
            var status = _validated.Contains(name) ? "valid" : "pending";
            return Json(HttpStatusCode.OK, $$"""{"status":"{{status}}","identifier":{"type":"dns","value":"{{name}}"},"challenges":[{"type":"dns-01","url":"{{Base}}/chall/dns","token":"d","status":"pending"},{"type":"http-01","url":"{{Base}}/chall/{{path[7..]}}","token":"tok-{{path[7..]}}","status":"{{status}}"}]}""");
        }
        if (path.StartsWith("/chall/", StringComparison.Ordinal))
        {
            Assert.Equal("{}", payload!.ToJsonString());
            _validated.Add(_names[int.Parse(path[7..], System.Globalization.CultureInfo.InvariantCulture)]);
            return Json(HttpStatusCode.OK, """{"type":"http-01","status":"processing"}""");
        }
        throw new InvalidOperationException($"unexpected {request.Method} {path}");
    }

    private string Order()
    {
        var status = _finalized ? "valid" : _validated.Count == _names.Count ? "ready" : "pending";
        var authorizations = string.Join(",", _names.Select((_, i) => $"\"{Base}/authz/{i}\""));
        var certificate = _finalized ? $",\"certificate\":\"{Base}/cert/1\"" : "";
        return $$"""{"status":"{{status}}","authorizations":[{{authorizations}}],"finalize":"{{Base}}/order/1/finalize"{{certificate}}}""";
    }

    private HttpResponseMessage Json(HttpStatusCode status, string body, string? location = null)
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (location is not null)
        {
            response.Headers.Location = new Uri(location);
        }
        return WithNonce(response);
    }

    private HttpResponseMessage Problem(HttpStatusCode status, string type, string detail) =>
        WithNonce(new HttpResponseMessage(status) { Content = new StringContent($$"""{"type":"{{type}}","detail":"{{detail}}"}""", Encoding.UTF8, "application/problem+json") });

    private HttpResponseMessage WithNonce(HttpResponseMessage response)
    {
        var nonce = "n" + (++_nonce).ToString(System.Globalization.CultureInfo.InvariantCulture);
        _issued.Add(nonce);
        response.Headers.Add("Replay-Nonce", nonce);
        return response;
    }
}

internal static class ResponseExtensions
{
    public static T Also<T>(this T value, Func<T, T> then) => then(value);
}
