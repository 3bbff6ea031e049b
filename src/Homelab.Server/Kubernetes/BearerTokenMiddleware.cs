using Homelab.Api.Serialization;
using Homelab.Server.Dashboard;
using Homelab.Server.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Homelab.Server.Kubernetes;

/// <summary>
/// On the TLS listener every request must carry the admin bearer token (401 otherwise, as the apiserver answers).
/// A browser may carry it in the status pages' cookie instead, for reads only (<see cref="DashboardCookie"/>); the
/// pages' sign-in form is the one request let through without it. The Unix socket needs none: its file mode is its
/// access control.
/// </summary>
internal sealed class BearerTokenMiddleware(RequestDelegate next)
{
    private const string Scheme = "Bearer ";

    public Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.IsHttps)
        {
            return next(context);
        }
        var credentials = context.RequestServices.GetRequiredService<KubernetesCredentials>();
        var header = context.Request.Headers.Authorization.ToString();
        if (header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) && credentials.IsAdminToken(header.AsSpan(Scheme.Length).Trim()))
        {
            return next(context);
        }
        if (DashboardCookie.ReadToken(context.Request) is { Length: > 0 } cookie && credentials.IsAdminToken(cookie))
        {
            return next(context);
        }
        if (DashboardEndpoints.IsSignIn(context))
        {
            return next(context);
        }
        if (DashboardEndpoints.IsPage(context))
        {
            // A browser without the cookie: to the sign-in form rather than a JSON Status.
            context.Response.StatusCode = StatusCodes.Status303SeeOther;
            context.Response.Headers.Location = DashboardEndpoints.SignInPath;
            return Task.CompletedTask;
        }
        return ApiResponses.WriteStatusAsync(context, ApiResponses.Failure(StatusCodes.Status401Unauthorized, StatusReasons.Unauthorized, "Unauthorized"));
    }
}
