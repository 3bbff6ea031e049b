using System.Text;
using Homelab.Api.Protocol;
using Homelab.Server.Http;
using Homelab.Server.Preflight;
using Microsoft.AspNetCore.Http;

namespace Homelab.Server.Endpoints;

/// <summary>
/// GET /livez and /readyz as the Kubernetes apiserver answers them: "ok", or 500 with a "[-]check failed: why" line per
/// failed check; <c>?verbose</c> lists every check. With <c>?format=report</c>, a parameter only hlctl sends, /readyz
/// answers the <see cref="Api.Protocol.HostCheckReport"/> as JSON (always 200: the document itself says whether the host
/// is ready), which <c>hlctl doctor</c> prints. The Accept header does not decide: kubectl's `get --raw` accepts JSON too.
/// </summary>
internal static class HealthEndpoints
{
    public static Task GetLivezAsync(HttpContext context) => WriteTextAsync(context, StatusCodes.Status200OK, "ok");

    public static async Task GetReadyzAsync(HttpContext context, HostPreflight preflight)
    {
        var report = await preflight.CurrentAsync(context.RequestAborted).ConfigureAwait(false);
        if (QueryParameters.Single(context.Request, "format") == ApiPaths.ReadyzReportFormat)
        {
            await ApiResponses.WriteJsonAsync(context, StatusCodes.Status200OK, report).ConfigureAwait(false);
            return;
        }
        var verbose = context.Request.Query.ContainsKey("verbose");
        if (report.Ready && !verbose)
        {
            await WriteTextAsync(context, StatusCodes.Status200OK, "ok").ConfigureAwait(false);
            return;
        }
        var text = new StringBuilder();
        foreach (var check in report.Checks.Where(c => verbose || !c.Ok))
        {
            text.Append(check.Ok ? $"[+]{check.Name} ok\n" : $"[-]{check.Name} failed: {check.Message}\n");
        }
        text.Append(report.Ready ? "readyz check passed" : "readyz check failed");
        await WriteTextAsync(context, report.Ready ? StatusCodes.Status200OK : StatusCodes.Status500InternalServerError, text.ToString()).ConfigureAwait(false);
    }

    private static Task WriteTextAsync(HttpContext context, int statusCode, string text)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(text + "\n", context.RequestAborted);
    }
}
