using System.Text;
using static Homelab.Server.Dashboard.Html;

namespace Homelab.Server.Dashboard;

/// <summary>Every Service an UpdatePolicy selects: what runs, what is available, the last result.</summary>
internal static class UpdatesPage
{
    public const string Title = "Updates";
    public const string Path = Layout.Root + "/updates";

    public static string Body(IReadOnlyList<ServiceSummary> services, DateTimeOffset now)
    {
        var watched = services.Where(s => s.Update is not null).ToList();
        var html = new StringBuilder(4096);
        html.Append("<p>").Append(watched.Count).Append(" of ").Append(services.Count).Append(" Services are kept up to date by an UpdatePolicy; ")
            .Append(watched.Count(s => s.AvailableImage is not null)).Append(" have an update available.</p>");
        if (watched.Count == 0)
        {
            return html.ToString();
        }
        html.Append("<div class=\"scroll\"><table><thead><tr><th scope=\"col\">Service</th><th scope=\"col\">Policy</th><th scope=\"col\">Running</th><th scope=\"col\">Available</th>")
            .Append("<th scope=\"col\">Last check</th><th scope=\"col\">Last result</th><th scope=\"col\">Rollbacks</th></tr></thead><tbody>");
        foreach (var s in watched)
        {
            html.Append("<tr><th scope=\"row\"><a href=\"").Append(Layout.Root).Append("/services/").Append(U(s.Namespace)).Append('/').Append(U(s.Name)).Append("\">")
                .Append(E(s.Namespace + "/" + s.Name)).Append("</a></th><td>").Append(E(s.UpdatePolicy)).Append("</td><td><code>").Append(E(s.Service.Spec.Image))
                .Append("</code></td><td>").Append(s.AvailableImage is { } a ? "<span class=\"badge warn\">" + E(a) + "</span>" : "<span class=\"muted\">up to date</span>")
                .Append("</td><td>").Append(E(Ago(s.Update!.LastCheck, now))).Append("</td><td>").Append(E(s.Update.LastResult)).Append(' ').Append(E(s.Update.Message))
                .Append("</td><td>").Append(s.Rollbacks).Append("</td></tr>");
        }
        return html.Append("</tbody></table></div>").ToString();
    }
}
