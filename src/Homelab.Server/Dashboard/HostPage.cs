using System.Diagnostics;
using System.Globalization;
using System.Text;
using Homelab.Api.Protocol;
using static Homelab.Server.Dashboard.Html;

namespace Homelab.Server.Dashboard;

/// <summary>The host: preflight checks (the same report as /readyz and `hlctl doctor`), versions, store size, memory.</summary>
internal static class HostPage
{
    public const string Title = "Host";
    public const string Path = Layout.Root + "/host";

    public static string Body(HostCheckReport report, string version, string instance, long storeBytes, long revision)
    {
        using var process = Process.GetCurrentProcess();
        var html = new StringBuilder(4096);
        html.Append("<dl>")
            .Append("<dt>homelabd</dt><dd>").Append(E(version)).Append(" (instance ").Append(E(instance)).Append(")</dd>")
            .Append("<dt>.NET</dt><dd>").Append(E(Environment.Version.ToString())).Append("</dd>")
            .Append("<dt>Store</dt><dd>").Append(Mib(storeBytes)).Append(" on disk, revision ").Append(revision.ToString(CultureInfo.InvariantCulture)).Append("</dd>")
            .Append("<dt>Memory</dt><dd>").Append(Mib(process.WorkingSet64)).Append(" resident</dd>")
            .Append("<dt>Up since</dt><dd>").Append(E(process.StartTime.ToUniversalTime().ToString("u", CultureInfo.InvariantCulture))).Append("</dd></dl>");
        html.Append("<h2>Preflight <span class=\"").Append(report.Ready ? "ok\">ready" : "bad\">not ready").Append("</span></h2>")
            .Append("<div class=\"scroll\"><table><thead><tr><th scope=\"col\">Check</th><th scope=\"col\">Result</th><th scope=\"col\">Detail</th></tr></thead><tbody>");
        foreach (var check in report.Checks)
        {
            html.Append("<tr><th scope=\"row\">").Append(E(check.Name)).Append("</th><td class=\"").Append(check.Ok ? "ok\">ok" : "bad\">failed")
                .Append("</td><td>").Append(E(check.Message)).Append("</td></tr>");
        }
        return html.Append("</tbody></table></div>").ToString();
    }

    private static string Mib(long bytes) => (bytes / 1024.0 / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " MiB";
}
