namespace Homelab.Proxy.Compilation;

/// <summary>Condition reasons, named as Gateway API names them where it has one.</summary>
public static class RouteReasons
{
    public const string Accepted = "Accepted";
    public const string Conflicted = "Conflicted";
    public const string ResolvedRefs = "ResolvedRefs";
    public const string BackendNotFound = "BackendNotFound";
    public const string BackendNotReady = "BackendNotReady";
    public const string PortNotFound = "PortNotFound";
    public const string Programmed = "Programmed";
    public const string Pending = "Pending";
    public const string Invalid = "Invalid";
    public const string ProxyUnavailable = "ProxyUnavailable";
    public const string CertificatePending = "CertificatePending";
    public const string Issued = "Issued";
    public const string IssuerNotFound = "IssuerNotFound";
    public const string IssuerNotReady = "IssuerNotReady";
    public const string SecretNotFound = "SecretNotFound";
    public const string InvalidCertificate = "InvalidCertificate";
    public const string IssuanceFailed = "IssuanceFailed";
    public const string Issuing = "Issuing";
    public const string NoTls = "NoTls";
}
