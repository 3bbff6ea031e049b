namespace Homelab.Translation.Export;

/// <summary>
/// Where Routes land in Kubernetes: one Gateway (homelab-system/homelab, as the proxy's namespace in Homelab) with an
/// HTTP listener and one HTTPS listener per TLS host name; the certificates cert-manager makes for it live beside it,
/// because a listener reaches a Secret of another namespace only through a ReferenceGrant.
/// </summary>
internal static class GatewayConventions
{
    public const string GatewayApiVersion = "gateway.networking.k8s.io/v1";
    public const string ReferenceGrantApiVersion = "gateway.networking.k8s.io/v1beta1";
    public const string CertManagerApiVersion = "cert-manager.io/v1";
    public const string Namespace = "homelab-system";
    public const string GatewayName = "homelab";
    public const string HttpListener = "http";

    /// <summary>A listener name (a DNS label) for a host name: "https-jellyfin-home-arpa", "https-wildcard-home-arpa".</summary>
    public static string HttpsListener(string hostname) => "https-" + hostname.Replace("*", "wildcard", StringComparison.Ordinal).Replace('.', '-');

    /// <summary>The Secret cert-manager writes a Route's certificate to, in the Gateway's namespace.</summary>
    public static string CertificateSecret(string ns, string route) => $"{ns}-{route}-tls";

    /// <summary>The Secret a ClusterIssuer of kind ca reads the internal CA from (in cert-manager's namespace).</summary>
    public static string CaSecret(string issuer) => $"{issuer}-ca";
}
