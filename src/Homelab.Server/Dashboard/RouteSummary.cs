using System.Globalization;
using System.Text;
using Homelab.Api.Resources;
using static Homelab.Server.Dashboard.Html;

namespace Homelab.Server.Dashboard;

/// <summary>One Route as the pages and the object metrics show it: where it answers and until when its certificate holds.</summary>
internal sealed record RouteSummary(Route Route)
{
    /// <summary>A certificate this close to its notAfter is highlighted; homelabd renews at 2/3 of the lifetime, so one still this close is not being renewed.</summary>
    public static readonly TimeSpan ExpiryWarning = TimeSpan.FromDays(30);

    public string Namespace => Route.Metadata.Namespace ?? "";

    public string Name => Route.Metadata.Name;

    public DateTimeOffset? NotAfter => Route.Status?.Certificate?.NotAfter;

    /// <summary>The Service names its rules send traffic to (backendRefs name Services of the Route's own namespace).</summary>
    public IEnumerable<string> Backends => Route.Spec.Rules.SelectMany(r => r.BackendRefs).Select(b => b.Name).Distinct(StringComparer.Ordinal);

    /// <summary>The URL as a link when the status has one, then the certificate's notAfter: warn within 30 days, bad once past.</summary>
    public void AppendTo(StringBuilder html, DateTimeOffset now)
    {
        var url = Route.Status?.Url;
        if (url is not null && (url.StartsWith("https://", StringComparison.Ordinal) || url.StartsWith("http://", StringComparison.Ordinal)))
        {
            html.Append("<a href=\"").Append(E(url)).Append("\">").Append(E(url)).Append("</a>");
        }
        else
        {
            html.Append("<span class=\"muted\">route ").Append(E(Name)).Append(": no URL yet</span>");
        }
        if (NotAfter is not { } notAfter)
        {
            return;
        }
        var left = notAfter - now;
        var css = left <= TimeSpan.Zero ? "bad" : left <= ExpiryWarning ? "warn" : "muted";
        var what = left <= TimeSpan.Zero ? "certificate expired " : "certificate until ";
        html.Append(" <span class=\"").Append(css).Append("\" data-not-after=\"").Append(notAfter.ToString("O", CultureInfo.InvariantCulture)).Append("\">")
            .Append(what).Append(E(notAfter.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)))
            .Append(left > TimeSpan.Zero && left <= ExpiryWarning ? $" (in {(int)Math.Ceiling(left.TotalDays)}d)" : "").Append("</span>");
    }
}
