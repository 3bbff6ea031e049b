using System.Text;
using Homelab.Nftables.Access;
using Homelab.Store;
using static Homelab.Server.Dashboard.Html;

namespace Homelab.Server.Dashboard;

/// <summary>One Service: conditions, the Routes to it, effective access, recent events, the last log lines and its update history.</summary>
internal static class ServicePage
{
    public static string Body(ServiceSummary s, ServiceAccessSummary? access, IReadOnlyList<EventRecord> events, IReadOnlyList<string>? logs, string? logProblem, DateTimeOffset now)
    {
        var html = new StringBuilder(8 * 1024);
        html.Append("<p><code>").Append(E(s.Service.Spec.Image)).Append("</code> ").Append(E(ShortDigest(s.Service.Status?.ImageDigest)))
            .Append(" · health ").Append(OverviewPage.HealthBadge(s.Health)).Append(" · ").Append(s.Restarts).Append(" restarts");
        if (s.Service.Status?.Ip is { } ip)
        {
            html.Append(" · ").Append(E(ip));
        }
        html.Append("</p><h2>Conditions</h2>");
        OverviewPage.Conditions(html, s.Service.Status?.Conditions, now);
        Routes(html, s.Routes, now);
        Access(html, access);
        html.Append("<h2>Recent events</h2>");
        if (events.Count == 0)
        {
            html.Append("<p class=\"muted\">none</p>");
        }
        else
        {
            html.Append("<div class=\"scroll\"><table><thead><tr><th scope=\"col\">Type</th><th scope=\"col\">Reason</th><th scope=\"col\">Age</th><th scope=\"col\">Message</th></tr></thead><tbody>");
            foreach (var e in events.OrderByDescending(e => e.LastSeen).Take(20))
            {
                html.Append("<tr><td class=\"").Append(e.Type == "Warning" ? "warn" : "").Append("\">").Append(E(e.Type)).Append("</td><td>").Append(E(e.Reason)).Append("</td><td>")
                    .Append(E(Ago(e.LastSeen, now))).Append(e.Count > 1 ? $" (x{e.Count} over {E(Ago(e.FirstSeen, now)).Replace(" ago", "", StringComparison.Ordinal)})" : "")
                    .Append("</td><td>").Append(E(e.Message)).Append("</td></tr>");
            }
            html.Append("</tbody></table></div>");
        }
        html.Append("<h2>Last log lines</h2>");
        html.Append(logs is null ? "<p class=\"muted\">" + E(logProblem) + "</p>" : "<pre>" + E(string.Join('\n', logs)) + "</pre>");
        Updates(html, s, now);
        return html.ToString();
    }

    private static void Routes(StringBuilder html, IReadOnlyList<RouteSummary> routes, DateTimeOffset now)
    {
        html.Append("<h2>Routes</h2>");
        if (routes.Count == 0)
        {
            html.Append("<p class=\"muted\">no Route sends traffic to this Service</p>");
            return;
        }
        html.Append("<div class=\"scroll\"><table><thead><tr><th scope=\"col\">Route</th><th scope=\"col\">URL and certificate</th><th scope=\"col\">Conditions</th></tr></thead><tbody>");
        foreach (var route in routes)
        {
            html.Append("<tr data-route=\"").Append(E(route.Namespace + "/" + route.Name)).Append("\"><th scope=\"row\">").Append(E(route.Name)).Append("</th><td>");
            route.AppendTo(html, now);
            html.Append("</td><td>");
            OverviewPage.Conditions(html, route.Route.Status?.Conditions, now);
            html.Append("</td></tr>");
        }
        html.Append("</tbody></table></div>");
    }

    private static void Access(StringBuilder html, ServiceAccessSummary? access)
    {
        html.Append("<h2>Effective access</h2>");
        if (access is null)
        {
            html.Append("<p class=\"muted\">not known to the firewall model yet</p>");
            return;
        }
        Direction(html, "Ingress", access.IngressIsolated, access.IngressPolicies, access.IngressRules);
        Direction(html, "Egress", access.EgressIsolated, access.EgressPolicies, access.EgressRules);
    }

    private static void Direction(StringBuilder html, string name, bool isolated, IReadOnlyList<string> policies, IReadOnlyList<RuleSummary> rules)
    {
        html.Append("<h3>").Append(name).Append("</h3>");
        if (!isolated)
        {
            html.Append("<p>open: no NetworkPolicy isolates it</p>");
            return;
        }
        html.Append("<p><span class=\"badge warn\">default-deny</span> by ").Append(E(string.Join(", ", policies))).Append("</p>");
        html.Append(rules.Count == 0 ? "<p>nothing allowed</p>" : "<ul>" + string.Concat(rules.Select(r => $"<li><code>{E(r.Rule)}</code>: {E(r.Peers)} on {E(r.Ports)}</li>")) + "</ul>");
    }

    private static void Updates(StringBuilder html, ServiceSummary s, DateTimeOffset now)
    {
        html.Append("<h2>Update history</h2>");
        if (s.Update is null)
        {
            html.Append("<p class=\"muted\">no UpdatePolicy selects this Service</p>");
            return;
        }
        html.Append("<p>policy ").Append(E(s.UpdatePolicy)).Append(", last check ").Append(E(Ago(s.Update.LastCheck, now)));
        if (s.AvailableImage is { } available)
        {
            html.Append(", <span class=\"badge warn\">update available: ").Append(E(available)).Append("</span>");
        }
        html.Append("</p>");
        if (s.Update.History is not { Count: > 0 } history)
        {
            html.Append("<p class=\"muted\">no updates yet</p>");
            return;
        }
        html.Append("<div class=\"scroll\"><table><thead><tr><th scope=\"col\">When</th><th scope=\"col\">From → to</th><th scope=\"col\">Result</th><th scope=\"col\">Why</th></tr></thead><tbody>");
        foreach (var h in history.OrderByDescending(h => h.Time))
        {
            html.Append("<tr><td>").Append(E(Ago(h.Time, now))).Append("</td><td><code>").Append(E(h.From)).Append("</code> → <code>").Append(E(h.To)).Append("</code></td><td class=\"")
                .Append(h.Result == "Updated" ? "ok" : "bad").Append("\">").Append(E(h.Result)).Append("</td><td>").Append(E(h.Reason ?? h.Message)).Append("</td></tr>");
        }
        html.Append("</tbody></table></div>");
    }
}
