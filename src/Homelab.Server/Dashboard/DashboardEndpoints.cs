using Homelab.Api.Resources;
using Homelab.Controllers.NetworkPolicies;
using Homelab.Operator;
using Homelab.Podman;
using Homelab.Server.Endpoints;
using Homelab.Server.Kubernetes;
using Homelab.Server.Preflight;
using Homelab.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Homelab.Server.Dashboard;

/// <summary>
/// The read-only status pages under /ui/ (homelabd --dashboard): server-rendered HTML, plain request delegates (no
/// parameter binding, for Native AOT). On the TLS listener they sit behind the admin token like the API; a browser
/// signs in once with the token (<see cref="DashboardCookie"/>).
/// </summary>
internal static class DashboardEndpoints
{
    public const string SignInPath = Layout.Root + "/login";
    private const string ServicesWatch = "/apis/homelab.dev/v1alpha1/services";
    private static readonly TimeSpan CookieLifetime = TimeSpan.FromHours(12);

    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder app)
    {
        app.MapGet(Layout.Root + "/", OverviewAsync);
        app.MapGet(Layout.Root + "/services/{ns}/{name}", ServiceAsync);
        app.MapGet(NetworkPage.Path, NetworkAsync);
        app.MapGet(UpdatesPage.Path, context => WritePage(context, UpdatesPage.Title, UpdatesPage.Path,
            UpdatesPage.Body(Get<ServiceSummaries>(context).List(), Get<TimeProvider>(context).GetUtcNow())));
        app.MapGet(HostPage.Path, HostAsync);
        app.MapGet(SignInPath, context => WritePage(context, "Sign in", SignInPath, SignInForm(null)));
        app.MapPost(SignInPath, SignInAsync);
        return app;
    }

    /// <summary>The sign-in form and its post are the only requests the TLS listener serves without the token.</summary>
    public static bool IsSignIn(HttpContext context) =>
        context.Request.Path.Equals(SignInPath, StringComparison.Ordinal) && Enabled(context);

    /// <summary>A GET of a status page (with the pages enabled).</summary>
    public static bool IsPage(HttpContext context) =>
        HttpMethods.IsGet(context.Request.Method) && context.Request.Path.StartsWithSegments(Layout.Root, StringComparison.Ordinal) && Enabled(context);

    private static bool Enabled(HttpContext context) => context.RequestServices.GetRequiredService<IOptions<HomelabServerOptions>>().Value.Dashboard;

    private static Task OverviewAsync(HttpContext context)
    {
        var revision = Get<IResourceStore>(context).Revision;
        var table = OverviewPage.Table(Get<ServiceSummaries>(context).List(), Get<TimeProvider>(context).GetUtcNow());
        if (context.Request.Query.ContainsKey("fragment"))
        {
            context.Response.Headers["X-Homelab-Revision"] = revision.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return WriteHtml(context, table);
        }
        return WritePage(context, OverviewPage.Title, Layout.Root + "/", Layout.Live(table, revision, ServicesWatch));
    }

    private static async Task ServiceAsync(HttpContext context)
    {
        var ns = (string)context.Request.RouteValues["ns"]!;
        var name = (string)context.Request.RouteValues["name"]!;
        if (Get<ServiceSummaries>(context).Find(ns, name) is not { } summary)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            await WritePage(context, "Not found", "", $"<p>There is no Service {Html.E(ns)}/{Html.E(name)}.</p>");
            return;
        }
        var model = Get<FirewallModelSource>(context).Build().Model;
        var access = model.FindService(ns, name) is { } endpoint ? model.Summarize(endpoint) : null;
        var events = Get<IResourceStore>(context).ListEvents(ns, ResourceKeys.Of(summary.Service));
        var (logs, problem) = await LastLogLinesAsync(context, ns, name);
        await WritePage(context, $"{ns}/{name}", "", ServicePage.Body(summary, access, events, logs, problem, Get<TimeProvider>(context).GetUtcNow()));
    }

    private static async Task<(IReadOnlyList<string>? Lines, string? Problem)> LastLogLinesAsync(HttpContext context, string ns, string name)
    {
        if (context.RequestServices.GetService<IContainerRuntime>() is not { } runtime)
        {
            return (null, "this daemon runs no Service controller, so there are no container logs");
        }
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            var lines = new List<string>();
            await foreach (var line in runtime.StreamLogsAsync(PodmanNames.Container(ns, name), follow: false, tailLines: 50, timeout.Token))
            {
                lines.Add(line);
            }
            return (lines, null);
        }
        catch (Exception e) when (e is PodmanException or OperationCanceledException or InvalidOperationException)
        {
            return (null, "logs unavailable: " + e.Message);
        }
    }

    private static Task NetworkAsync(HttpContext context)
    {
        var query = context.Request.Query;
        var whyNot = query.ContainsKey("from") && query.ContainsKey("to")
            ? new WhyNotQuery(query["from"].ToString(), query["to"].ToString(), query["port"].ToString(), query["protocol"].ToString() is { Length: > 0 } p ? p : "TCP")
            : null;
        var edge = query["edge"].ToString();
        var model = Get<FirewallModelSource>(context).Build().Model;
        return WritePage(context, NetworkPage.Title, NetworkPage.Path, NetworkPage.Body(model, edge.Length == 0 ? null : edge, whyNot));
    }

    private static async Task HostAsync(HttpContext context)
    {
        var report = await Get<HostPreflight>(context).CurrentAsync(context.RequestAborted);
        var options = Get<IOptions<HomelabServerOptions>>(context).Value;
        var storeBytes = Directory.Exists(options.DataDir)
            ? new DirectoryInfo(options.DataDir).EnumerateFiles().Sum(f => f.Length)
            : 0;
        await WritePage(context, HostPage.Title, HostPage.Path,
            HostPage.Body(report, DiscoveryEndpoints.GitVersion, options.Instance, storeBytes, Get<IResourceStore>(context).Revision));
    }

    private static async Task SignInAsync(HttpContext context)
    {
        if (!context.Request.HasFormContentType)
        {
            context.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            await WritePage(context, "Sign in", SignInPath, SignInForm("Send the form."));
            return;
        }
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var token = form["token"].ToString().Trim();
        if (!context.Request.IsHttps)
        {
            // The socket needs no sign-in; a cookie marked Secure would not come back over plain HTTP anyway.
            context.Response.Redirect(Layout.Root + "/");
            return;
        }
        if (token.Length == 0 || !Get<KubernetesCredentials>(context).IsAdminToken(token))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            await WritePage(context, "Sign in", SignInPath, SignInForm("That is not the admin token."));
            return;
        }
        context.Response.Cookies.Append(DashboardCookie.Name, token, DashboardCookie.Options(CookieLifetime));
        context.Response.StatusCode = StatusCodes.Status303SeeOther;
        context.Response.Headers.Location = Layout.Root + "/";
    }

    private static string SignInForm(string? problem) =>
        (problem is null ? "" : $"<p class=\"bad\" role=\"alert\">{Html.E(problem)}</p>")
        + "<p>Paste the admin token (<code>hlctl dashboard</code> prints it with the address).</p>"
        + $"<form method=\"post\" action=\"{SignInPath}\"><label for=\"token\">Token<input id=\"token\" name=\"token\" type=\"password\" autocomplete=\"current-password\" required size=\"40\"></label><button type=\"submit\">Sign in</button></form>";

    private static Task WritePage(HttpContext context, string title, string path, string body) => WriteHtml(context, Layout.Page(title, path, body));

    private static Task WriteHtml(HttpContext context, string html)
    {
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        // Inline style and script only; nothing from anywhere else, no framing.
        context.Response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
        context.Response.Headers.XContentTypeOptions = "nosniff";
        context.Response.Headers["Referrer-Policy"] = "no-referrer";
        return context.Response.WriteAsync(html, context.RequestAborted);
    }

    private static T Get<T>(HttpContext context) where T : notnull => context.RequestServices.GetRequiredService<T>();
}
