using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Homelab.Acme.Tests;

public sealed class JwsTests
{
    [Fact]
    public void A_newAccount_request_carries_the_key_as_jwk_and_its_signature_verifies()
    {
        using var key = TestKeys.Account();

        var body = JsonNode.Parse(Jws.Sign(key, null, "nonce-1", new Uri("https://acme.test/new-acct"), """{"termsOfServiceAgreed":true}"""u8.ToArray()))!;

        Assert.Equal(
            """{"alg":"ES256","jwk":""" + TestKeys.Jwk + ""","nonce":"nonce-1","url":"https://acme.test/new-acct"}""",
            Encoding.UTF8.GetString(FromBase64Url(body["protected"]!.GetValue<string>())));
        Assert.Equal("""{"termsOfServiceAgreed":true}""", Encoding.UTF8.GetString(FromBase64Url(body["payload"]!.GetValue<string>())));
        Assert.True(Verifies(key, body));
    }

    [Fact]
    public void Later_requests_name_the_account_by_kid_and_a_post_as_get_has_an_empty_payload()
    {
        using var key = TestKeys.Account();

        var body = JsonNode.Parse(Jws.Sign(key, new Uri("https://acme.test/acct/7"), "n2", new Uri("https://acme.test/order/1"), null))!;

        Assert.Equal("""{"alg":"ES256","kid":"https://acme.test/acct/7","nonce":"n2","url":"https://acme.test/order/1"}""",
            Encoding.UTF8.GetString(FromBase64Url(body["protected"]!.GetValue<string>())));
        Assert.Equal("", body["payload"]!.GetValue<string>());
        Assert.True(Verifies(key, body));
    }

    [Fact]
    public void A_signature_over_other_text_does_not_verify()
    {
        using var key = TestKeys.Account();
        var body = JsonNode.Parse(Jws.Sign(key, null, "n", new Uri("https://acme.test/x"), "{}"u8.ToArray()))!;

        body["payload"] = Jws.Base64Url("""{"x":1}"""u8);

        Assert.False(Verifies(key, body));
    }

    [Fact]
    public void The_key_authorization_is_the_token_and_the_rfc7638_thumbprint()
    {
        using var key = TestKeys.Account();

        Assert.Equal(TestKeys.Thumbprint, Jws.Thumbprint(key));
        Assert.Equal("tok-1." + TestKeys.Thumbprint, Jws.KeyAuthorization("tok-1", key));
    }

    [Fact]
    public void Only_p256_keys_sign()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP384);

        Assert.Throws<ArgumentException>(() => Jws.Thumbprint(key));
    }

    internal static bool Verifies(ECDsa key, JsonNode body) =>
        key.VerifyData(Encoding.ASCII.GetBytes(body["protected"]!.GetValue<string>() + "." + body["payload"]!.GetValue<string>()),
            FromBase64Url(body["signature"]!.GetValue<string>()), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    internal static byte[] FromBase64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded + new string('=', (4 - padded.Length % 4) % 4));
    }
}
