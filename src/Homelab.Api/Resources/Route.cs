using Homelab.Api.Meta;

namespace Homelab.Api.Resources;

/// <summary>
/// Hostnames and paths served by the homelab's proxy, shaped as Gateway API's HTTPRoute so that export maps it 1:1:
/// each rule sends what its matches select to Services of the Route's namespace, with TLS from an Issuer, a Secret or none.
/// </summary>
public sealed class Route : Resource<RouteSpec, RouteStatus>
{
    public Route() => Kind = ResourceKinds.Route.Kind;
}

public sealed class RouteSpec
{
    /// <summary>Host names this Route answers for; a "*." wildcard only as the first label.</summary>
    public List<string> Hostnames { get; set; } = [];

    /// <summary>At least one; each sends what its matches select to its backends.</summary>
    public List<RouteRule> Rules { get; set; } = [];

    /// <summary>How HTTPS is served; absent serves plain HTTP only.</summary>
    public RouteTls? Tls { get; set; }
}

public sealed class RouteRule
{
    /// <summary>Absent or empty: one match, PathPrefix "/".</summary>
    public List<RouteMatch>? Matches { get; set; }

    public List<BackendRef> BackendRefs { get; set; } = [];
}

public sealed class RouteMatch
{
    public PathMatch? Path { get; set; }
}

public sealed class PathMatch
{
    /// <summary>Exact or PathPrefix; PathPrefix when omitted.</summary>
    public string? Type { get; set; }

    /// <summary>An absolute path; "/" when omitted.</summary>
    public string? Value { get; set; }
}

public static class PathMatchTypes
{
    public const string Exact = "Exact";
    public const string PathPrefix = "PathPrefix";
}

public sealed class BackendRef
{
    /// <summary>A Service of the Route's namespace.</summary>
    public string Name { get; set; } = "";

    /// <summary>The Service's container port, by number or by its name.</summary>
    public IntOrString Port { get; set; }
}

public sealed class RouteTls
{
    /// <summary>An Issuer that homelabd asks for the certificate, and renews it with.</summary>
    public IssuerRef? IssuerRef { get; set; }

    /// <summary>A Secret of the Route's namespace holding the user's certificate: keys tls.crt and tls.key (PEM).</summary>
    public string? SecretName { get; set; }
}

public sealed class IssuerRef
{
    public string Name { get; set; } = "";
}

public sealed class RouteStatus : ResourceStatus
{
    /// <summary>Where the Route answers: the first hostname, https when TLS is set, with the proxy's port when not the default.</summary>
    public string? Url { get; set; }

    /// <summary>The certificate the proxy serves for this Route, when TLS is set and one is issued.</summary>
    public CertificateStatus? Certificate { get; set; }
}

public sealed class CertificateStatus
{
    /// <summary>The Issuer that issued it; empty for a certificate from a Secret.</summary>
    public string? Issuer { get; set; }
    /// <summary>The certificate's serial number (hex), so a new issuance is visible.</summary>
    public string? SerialNumber { get; set; }
    public DateTimeOffset? NotBefore { get; set; }
    public DateTimeOffset? NotAfter { get; set; }
    /// <summary>When homelabd renews it: at 2/3 of its lifetime, as cert-manager does.</summary>
    public DateTimeOffset? RenewalTime { get; set; }
    /// <summary>Failed issuances in a row; the next try waits 1 h doubling per failure, capped.</summary>
    public int? FailedIssuanceAttempts { get; set; }
    public DateTimeOffset? LastFailureTime { get; set; }
}

/// <summary>The conditions a Route reports, as Gateway API's route and listener conditions.</summary>
public static class RouteConditions
{
    public const string Accepted = "Accepted";
    public const string ResolvedRefs = "ResolvedRefs";
    public const string Programmed = "Programmed";
    public const string CertificateReady = "CertificateReady";
}
