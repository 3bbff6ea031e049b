namespace Homelab.Api.Resources;

/// <summary>
/// Passwords, keys and certificates, as Kubernetes' Secret: <see cref="Data"/> holds base64 values; <see cref="StringData"/>
/// is a write-only convenience merged into Data on every write. homelabd encrypts the values before they reach the
/// store file, delivers them to containers as files, and hlctl never prints them unless asked in so many words.
/// </summary>
public sealed class Secret : Resource
{
    public Secret() => Kind = ResourceKinds.Secret.Kind;

    /// <summary>Opaque (the default) or kubernetes.io/tls (tls.crt and tls.key, checked as a matching PEM pair).</summary>
    public string? Type { get; set; }

    /// <summary>Key → base64 of the value's bytes.</summary>
    public Dictionary<string, string>? Data { get; set; }

    /// <summary>Key → the value as text; merged into <see cref="Data"/> on write and never stored or returned.</summary>
    public Dictionary<string, string>? StringData { get; set; }

    /// <summary>Once true, data and type can no longer change (delete and create again instead).</summary>
    public bool? Immutable { get; set; }
}

public static class SecretTypes
{
    public const string Opaque = "Opaque";
    public const string Tls = "kubernetes.io/tls";
    public const string TlsCertificateKey = "tls.crt";
    public const string TlsPrivateKeyKey = "tls.key";

    public static readonly IReadOnlyList<string> All = [Opaque, Tls];
}
