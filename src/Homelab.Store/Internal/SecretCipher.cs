using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Homelab.Api.Resources;

namespace Homelab.Store.Internal;

/// <summary>
/// Encrypts each value of a Secret's data on its way into LiteDB (objects and changelog) and decrypts it on the way
/// out: AES-256-GCM, a random 96-bit nonce per value, and as associated data the object's identity and the value's key
/// (kind, namespace, name, uid, key), so a value cannot be moved to another Secret or key unnoticed. Stored as
/// <c>enc:v1:{keyId}:{base64(nonce ‖ ciphertext ‖ tag)}</c>. Only LiteDB ever sees that form; the snapshot, the API
/// and the controllers see the Secret as written.
/// </summary>
internal sealed class SecretCipher(SecretKeyRing keys)
{
    private const string Prefix = "enc:v1:";
    private const int NonceBytes = 12;
    private const int TagBytes = 16;

    public SecretKeyRing Keys { get; } = keys;

    /// <summary>The JSON to persist for <paramref name="key"/>: itself for every kind but Secret.</summary>
    public string Protect(ObjectKey key, string json) => key.Kind == ResourceKinds.Secret.Kind ? Transform(key, json, Encrypt) : json;

    /// <summary>The JSON as written, from what was persisted.</summary>
    /// <exception cref="InvalidDataException">A value is not an envelope, names an unknown key, or fails authentication (tampered, or another key).</exception>
    public string Unprotect(ObjectKey key, string json) => key.Kind == ResourceKinds.Secret.Kind ? Transform(key, json, Decrypt) : json;

    private static string Transform(ObjectKey key, string json, Func<string, ValueContext, string> transform)
    {
        var node = JsonNode.Parse(json) as JsonObject ?? throw new InvalidDataException($"{key} is not a JSON object");
        if (node["data"] is not JsonObject data)
        {
            return json;
        }
        var uid = node["metadata"]?["uid"]?.GetValue<string>() ?? "";
        foreach (var name in data.Select(d => d.Key).ToList())
        {
            data[name] = transform(data[name]?.GetValue<string>() ?? "", new ValueContext(key, uid, name));
        }
        return node.ToJsonString();
    }

    /// <summary>Which value this is: its object (with the uid, so a deleted and recreated Secret is another object) and its key.</summary>
    private sealed record ValueContext(ObjectKey Object, string Uid, string Field)
    {
        public byte[] AssociatedData => Encoding.UTF8.GetBytes($"{Object.Kind}/{Object.Namespace}/{Object.Name}/{Uid}/{Field}");

        public string Describe => $"{Object.Kind} {Object.Namespace}/{Object.Name}: data[{Field}]";
    }

    private string Encrypt(string value, ValueContext context)
    {
        var plain = Encoding.UTF8.GetBytes(value);
        var sealedValue = new byte[NonceBytes + plain.Length + TagBytes];
        var nonce = sealedValue.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(Keys.Primary, TagBytes);
        aes.Encrypt(nonce, plain, sealedValue.AsSpan(NonceBytes, plain.Length), sealedValue.AsSpan(NonceBytes + plain.Length), context.AssociatedData);
        return $"{Prefix}{Keys.PrimaryId}:{Convert.ToBase64String(sealedValue)}";
    }

    private string Decrypt(string envelope, ValueContext context)
    {
        var what = context.Describe;
        if (!envelope.StartsWith(Prefix, StringComparison.Ordinal) || envelope.IndexOf(':', Prefix.Length) is var colon && colon < 0)
        {
            throw new InvalidDataException($"{what} is stored unencrypted or in an unknown form; refusing to serve it");
        }
        var keyId = envelope[Prefix.Length..colon];
        if (!Keys.TryGet(keyId, out var key))
        {
            throw new InvalidDataException($"{what} is encrypted with key {keyId}, which {SecretKeyRing.FileName} no longer holds (restore the key file from a backup)");
        }
        byte[] sealedValue;
        try
        {
            sealedValue = Convert.FromBase64String(envelope[(colon + 1)..]);
        }
        catch (FormatException)
        {
            throw new InvalidDataException($"{what} has a damaged envelope");
        }
        if (sealedValue.Length < NonceBytes + TagBytes)
        {
            throw new InvalidDataException($"{what} has a damaged envelope");
        }
        var length = sealedValue.Length - NonceBytes - TagBytes;
        var plain = new byte[length];
        try
        {
            using var aes = new AesGcm(key, TagBytes);
            aes.Decrypt(sealedValue.AsSpan(0, NonceBytes), sealedValue.AsSpan(NonceBytes, length), sealedValue.AsSpan(NonceBytes + length), plain, context.AssociatedData);
        }
        catch (AuthenticationTagMismatchException)
        {
            throw new InvalidDataException($"{what} fails authentication: the stored value was altered, or belongs to another object");
        }
        return Encoding.UTF8.GetString(plain);
    }
}
