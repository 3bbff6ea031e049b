using Homelab.Api.Serialization;
using Homelab.Server.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Homelab.Server.Kubernetes;

/// <summary>
/// On the TLS listener every request must carry the admin bearer token (401 otherwise, as the apiserver answers).
/// The Unix socket needs none: its file mode is its access control.
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
        return ApiResponses.WriteStatusAsync(context, ApiResponses.Failure(StatusCodes.Status401Unauthorized, StatusReasons.Unauthorized, "Unauthorized"));
    }
}
