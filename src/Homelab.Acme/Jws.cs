using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Homelab.Acme;

/// <summary>
/// The flattened JWS (RFC 7515) every ACME POST carries, signed ES256 with a P-256 account key: the key itself (jwk) for
/// newAccount, the account URL (kid) for the rest. Pure: the same key, header and payload give the same protected
/// header and payload text; the signature is ECDSA's, so it verifies but differs each time.
/// </summary>
internal static class Jws
{
    /// <summary>The body of a POST: {"protected":…,"payload":…,"signature":…}. A null payload is POST-as-GET's empty one.</summary>
    public static byte[] Sign(ECDsa key, Uri? keyId, string nonce, Uri url, byte[]? payload)
    {
        var header = Base64Url(ProtectedHeader(key, keyId, nonce, url));
        var body = payload is null ? "" : Base64Url(payload);
        var signature = key.SignData(Encoding.ASCII.GetBytes(header + "." + body), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("protected", header);
            writer.WriteString("payload", body);
            writer.WriteString("signature", Base64Url(signature));
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>{"alg":"ES256","jwk"|"kid":…,"nonce":…,"url":…} as UTF-8.</summary>
    public static byte[] ProtectedHeader(ECDsa key, Uri? keyId, string nonce, Uri url)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("alg", "ES256");
            if (keyId is null)
            {
                writer.WritePropertyName("jwk");
                WriteJwk(writer, key);
            }
            else
            {
                writer.WriteString("kid", keyId.AbsoluteUri);
            }
            writer.WriteString("nonce", nonce);
            writer.WriteString("url", url.AbsoluteUri);
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The key's JWK thumbprint (RFC 7638): SHA-256 of its required members in lexicographic order, base64url.</summary>
    public static string Thumbprint(ECDsa key)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteJwk(writer, key);
        }
        return Base64Url(SHA256.HashData(buffer.WrittenSpan));
    }

    /// <summary>The HTTP-01 key authorization: token "." thumbprint.</summary>
    public static string KeyAuthorization(string token, ECDsa key) => token + "." + Thumbprint(key);

    public static string Base64Url(ReadOnlySpan<byte> data) => Convert.ToBase64String(data).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The public key as a JWK with exactly crv, kty, x, y, in that order, as the thumbprint requires.</summary>
    private static void WriteJwk(Utf8JsonWriter writer, ECDsa key)
    {
        var parameters = key.ExportParameters(includePrivateParameters: false);
        if (parameters.Q.X is not { Length: 32 } || parameters.Q.Y is not { Length: 32 })
        {
            throw new ArgumentException("ACME account keys are P-256 (ES256)", nameof(key));
        }
        writer.WriteStartObject();
        writer.WriteString("crv", "P-256");
        writer.WriteString("kty", "EC");
        writer.WriteString("x", Base64Url(parameters.Q.X));
        writer.WriteString("y", Base64Url(parameters.Q.Y));
        writer.WriteEndObject();
    }
}
