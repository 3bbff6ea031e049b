namespace Homelab.Api.Protocol;

/// <summary>GET /apis/homelab.dev/v1alpha1/kubeconfig (Unix socket only): what a kubeconfig for the TLS listener holds.</summary>
public sealed class KubeconfigInfo
{
    /// <summary>https://ADDRESS:PORT of the --listen endpoint.</summary>
    public string Server { get; set; } = "";

    /// <summary>The CA that signed the serving certificate, PEM.</summary>
    public string CertificateAuthority { get; set; } = "";

    /// <summary>The admin bearer token.</summary>
    public string Token { get; set; } = "";
}
