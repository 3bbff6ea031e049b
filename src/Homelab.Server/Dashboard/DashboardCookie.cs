using Microsoft.AspNetCore.Http;

namespace Homelab.Server.Dashboard;

/// <summary>
/// How a browser presents the admin token: the sign-in form puts it in an HttpOnly, Secure, SameSite=Strict cookie
/// scoped to this server, and <see cref="Kubernetes.BearerTokenMiddleware"/> accepts it for reads (GET and HEAD) only,
/// so a page can never be made to write through it.
/// </summary>
internal static class DashboardCookie
{
    public const string Name = "homelab_token";

    public static CookieOptions Options(TimeSpan lifetime) => new()
    {
        HttpOnly = true,
        Secure = true,
        SameSite = SameSiteMode.Strict,
        Path = "/",
        MaxAge = lifetime,
        IsEssential = true,
    };

    /// <summary>The token a read request carries in the cookie, or null.</summary>
    public static string? ReadToken(HttpRequest request) =>
        HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) ? request.Cookies[Name] : null;
}
