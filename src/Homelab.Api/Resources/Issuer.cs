using Homelab.Api.Meta;

namespace Homelab.Api.Resources;

/// <summary>
/// Where Routes' certificates come from, cluster-scoped: a CA that homelabd keeps (<c>internal</c>), or an ACME server
/// (<c>acme</c>, HTTP-01 through the proxy). Exactly one of the two.
/// </summary>
public sealed class Issuer : Resource<IssuerSpec, IssuerStatus>
{
    public Issuer() => Kind = ResourceKinds.Issuer.Kind;
}

public sealed class IssuerSpec
{
    public InternalIssuer? Internal { get; set; }
    public AcmeIssuer? Acme { get; set; }
}

public sealed class InternalIssuer
{
    /// <summary>Lifetime of the certificates it issues (Go duration); 2160h (90 days) when omitted.</summary>
    public string? Duration { get; set; }
}

public sealed class AcmeIssuer
{
    /// <summary>The ACME directory URL, e.g. https://acme-v02.api.letsencrypt.org/directory.</summary>
    public string Server { get; set; } = "";

    /// <summary>The account's contact address.</summary>
    public string? Email { get; set; }

    /// <summary>
    /// PEM certificates the server's TLS certificate must chain to, instead of the system's roots: for a private ACME
    /// server such as pebble or step-ca (cert-manager's caBundle).
    /// </summary>
    public string? CaBundle { get; set; }
}

public sealed class IssuerStatus : ResourceStatus
{
    /// <summary>The internal CA's root certificate (PEM): install it on devices to trust the homelab's Routes.</summary>
    public string? Ca { get; set; }

    /// <summary>When the root certificate expires.</summary>
    public DateTimeOffset? CaNotAfter { get; set; }

    /// <summary>The ACME account homelabd registered, as cert-manager reports it.</summary>
    public AcmeIssuerStatus? Acme { get; set; }
}

public sealed class AcmeIssuerStatus
{
    /// <summary>The account's URL at the ACME server.</summary>
    public string? Uri { get; set; }

    /// <summary>The contact address the account was registered with.</summary>
    public string? LastRegisteredEmail { get; set; }
}
