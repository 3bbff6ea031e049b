using System.Globalization;
using System.Text;
using Homelab.Api.Meta;
using Homelab.Api.Resources;
using static Homelab.Server.Dashboard.Html;

namespace Homelab.Server.Dashboard;

/// <summary>Every Service on one table: readiness and why, health, restarts, image and updates, ports, privileges, Route URLs and certificates.</summary>
internal static class OverviewPage
{
    public const string Title = "Overview";

    public static string Table(IReadOnlyList<ServiceSummary> services, DateTimeOffset now)
    {
        var html = new StringBuilder(services.Count * 900 + 1024);
        var ready = services.Count(s => s.IsReady);
        html.Append("<p>").Append(ready).Append(" of ").Append(services.Count).Append(" Services ready.</p>");
        if (services.Count == 0)
        {
            return html.Append("<p class=\"muted\">No Services yet: <code>hlctl apply -f homelab.yaml</code>.</p>").ToString();
        }
        html.Append("<div class=\"scroll\"><table><caption class=\"muted\">Services by namespace</caption><thead><tr>")
            .Append("<th scope=\"col\">Service</th><th scope=\"col\">Ready</th><th scope=\"col\">Health</th><th scope=\"col\">Restarts</th>")
            .Append("<th scope=\"col\">Image</th><th scope=\"col\">Ports</th><th scope=\"col\">Privileges</th><th scope=\"col\">Routes</th></tr></thead><tbody>");
        foreach (var s in services)
        {
            Row(html, s, now);
        }
        return html.Append("</tbody></table></div>").ToString();
    }

    private static void Row(StringBuilder html, ServiceSummary s, DateTimeOffset now)
    {
        var spec = s.Service.Spec;
        html.Append("<tr data-service=\"").Append(E(s.Namespace + "/" + s.Name)).Append("\"><th scope=\"row\"><a href=\"")
            .Append(Layout.Root).Append("/services/").Append(U(s.Namespace)).Append('/').Append(U(s.Name)).Append("\">")
            .Append(E(s.Namespace)).Append('/').Append(E(s.Name)).Append("</a></th><td>");
        Conditions(html, s.Service.Status?.Conditions, now);
        html.Append("</td><td>").Append(HealthBadge(s.Health)).Append("</td><td>").Append(s.Restarts.ToString(CultureInfo.InvariantCulture));
        if (s.Ready is { Reason: "CrashLoopBackOff" or "BackOff" } backOff)
        {
            html.Append(" <span class=\"warn\">").Append(E(backOff.Message)).Append("</span>");
        }
        html.Append("</td><td><code>").Append(E(spec.Image)).Append("</code>");
        if (s.Service.Status?.ImageDigest is { Length: > 0 } digest)
        {
            html.Append("<br><code class=\"muted\" title=\"").Append(E(digest)).Append("\">").Append(E(ShortDigest(digest))).Append("</code>");
        }
        if (s.AvailableImage is { } available)
        {
            html.Append("<br><span class=\"badge warn\">update available: ").Append(E(available)).Append("</span>");
        }
        else if (s.LastUpdate is { } last)
        {
            html.Append("<br><span class=\"muted\">last update ").Append(E(last.Result)).Append(' ').Append(E(Ago(last.Time, now))).Append("</span>");
        }
        html.Append("</td><td>").Append(Ports(spec.Ports)).Append("</td><td>").Append(Privileges(spec.SecurityContext)).Append("</td><td>");
        Routes(html, s.Routes, now);
        html.Append("</td></tr>");
    }

    /// <summary>Every condition the status has, Ready first: fields other controllers add show up without a change here.</summary>
    public static void Conditions(StringBuilder html, IReadOnlyList<Condition>? conditions, DateTimeOffset now)
    {
        if (conditions is not { Count: > 0 })
        {
            html.Append("<span class=\"muted\">not reconciled yet</span>");
            return;
        }
        foreach (var c in conditions.OrderBy(c => c.Type == ConditionTypes.Ready ? 0 : 1).ThenBy(c => c.Type, StringComparer.Ordinal))
        {
            var good = c.Type == ConditionTypes.Progressing ? c.Status == ConditionStatus.False : c.Status == ConditionStatus.True;
            html.Append("<div><span class=\"").Append(good ? "ok" : "bad").Append("\">").Append(E(c.Type)).Append('=').Append(E(c.Status)).Append("</span>");
            if (c.Reason.Length > 0)
            {
                html.Append(' ').Append(E(c.Reason));
            }
            if (c.Message.Length > 0)
            {
                html.Append(": <span class=\"muted\">").Append(E(c.Message)).Append("</span>");
            }
            html.Append(" <span class=\"muted\">(").Append(E(Ago(c.LastTransitionTime, now))).Append(")</span></div>");
        }
    }

    /// <summary>One line per Route: its URL and its certificate's notAfter.</summary>
    private static void Routes(StringBuilder html, IReadOnlyList<RouteSummary> routes, DateTimeOffset now)
    {
        if (routes.Count == 0)
        {
            html.Append("<span class=\"muted\">none</span>");
            return;
        }
        foreach (var route in routes)
        {
            html.Append("<div>");
            route.AppendTo(html, now);
            html.Append("</div>");
        }
    }

    public static string HealthBadge(string health) => health switch
    {
        "healthy" => "<span class=\"ok\">healthy</span>",
        "unhealthy" => "<span class=\"bad\">unhealthy</span>",
        "starting" => "<span class=\"warn\">starting</span>",
        _ => "<span class=\"muted\">no check</span>",
    };

    private static string Ports(List<ServicePort>? ports) => ports is not { Count: > 0 }
        ? "<span class=\"muted\">none</span>"
        : string.Join("<br>", ports.Select(p => E($"{p.ContainerPort}/{p.Protocol ?? "TCP"}" + (p.HostPort is { } host ? $" → host {p.HostIP ?? "0.0.0.0"}:{host}" : "") + (p.Name is { } n ? $" ({n})" : ""))));

    private static string Privileges(SecurityContext? security)
    {
        var parts = new List<string>();
        if (security?.Privileged == true)
        {
            parts.Add("<span class=\"badge bad\">privileged</span>");
        }
        if (security?.Capabilities?.Add is { Count: > 0 } caps)
        {
            parts.Add("<span class=\"badge warn\">+" + E(string.Join(",", caps)) + "</span>");
        }
        if (security?.ReadOnlyRootFilesystem == true)
        {
            parts.Add("<span class=\"badge ok\">read-only root</span>");
        }
        if (security?.UserNamespace == "host")
        {
            parts.Add("<span class=\"badge warn\">host user namespace</span>");
        }
        return parts.Count == 0 ? "<span class=\"muted\">default (caps dropped)</span>" : string.Join("", parts);
    }
}
