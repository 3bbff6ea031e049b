using System.Security.Cryptography.X509Certificates;

namespace Homelab.Controllers.Routes;

/// <summary>When a certificate is due, as cert-manager decides it: at 2/3 of its lifetime; failures back off 1 h doubling, capped.</summary>
internal static class RenewalPolicy
{
    public static readonly TimeSpan FirstBackoff = TimeSpan.FromHours(1);
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromHours(32);

    public static DateTimeOffset RenewalTime(DateTimeOffset notBefore, DateTimeOffset notAfter) =>
        notBefore + (notAfter - notBefore) * 2 / 3;

    /// <summary>1 h · 2^(failures-1), at most <see cref="MaxBackoff"/>.</summary>
    public static TimeSpan Backoff(int failures) =>
        failures <= 0 ? TimeSpan.Zero : TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, FirstBackoff.Ticks << Math.Min(failures - 1, 16)));

    /// <summary>Why <paramref name="existing"/>, from an internal Issuer, must be replaced, or null when it serves as it is.</summary>
    public static string? Reason(X509Certificate2? existing, IReadOnlyList<string> hostnames, X509Certificate2 ca, DateTimeOffset now) =>
        Reason(existing, hostnames, leaf => InternalCertificateAuthority.Signed(ca, leaf) ? null : "the Issuer's CA changed", now);

    /// <summary>
    /// Why <paramref name="existing"/> must be replaced, or null when it serves as it is; <paramref name="otherIssuer"/>
    /// says why a certificate is not the Route's Issuer's, or null when it is.
    /// </summary>
    public static string? Reason(X509Certificate2? existing, IReadOnlyList<string> hostnames, Func<X509Certificate2, string?> otherIssuer, DateTimeOffset now)
    {
        if (existing is null)
        {
            return "no certificate yet";
        }
        var names = DnsNames(existing);
        if (!names.SetEquals(hostnames))
        {
            return "the Route's hostnames changed";
        }
        if (otherIssuer(existing) is { } changed)
        {
            return changed;
        }
        if (now >= RenewalTime(existing.NotBefore, existing.NotAfter))
        {
            return "renewal is due (2/3 of its lifetime)";
        }
        return null;
    }

    public static HashSet<string> DnsNames(X509Certificate2 certificate)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var extension in certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>())
        {
            names.UnionWith(extension.EnumerateDnsNames());
        }
        return names;
    }
}
