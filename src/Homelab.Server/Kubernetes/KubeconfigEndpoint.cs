using Homelab.Api.Protocol;
using Homelab.Api.Serialization;
using Homelab.Server.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Homelab.Server.Kubernetes;

/// <summary>
/// GET <see cref="ApiPaths.Kubeconfig"/>: the CA, server URL and admin token for `hlctl kubeconfig`. Only on the Unix
/// socket, whose mode already decides who is admin; the TLS listener never hands out its own credential.
/// </summary>
internal static class KubeconfigEndpoint
{
    public static Task GetAsync(HttpContext context)
    {
        if (context.Request.IsHttps)
        {
            throw new ApiException(StatusCodes.Status403Forbidden, StatusReasons.Forbidden, "the kubeconfig is served on the Unix socket only");
        }
        if (context.RequestServices.GetRequiredService<IOptions<HomelabServerOptions>>().Value.Listen is null)
        {
            throw ApiException.NotFound("homelabd serves no Kubernetes API: start it with --listen 127.0.0.1:6443");
        }
        var credentials = context.RequestServices.GetRequiredService<KubernetesCredentials>();
        return ApiResponses.WriteJsonAsync(context, StatusCodes.Status200OK, new KubeconfigInfo
        {
            Server = credentials.ServerUrl,
            CertificateAuthority = credentials.CaPem,
            Token = credentials.Token,
        });
    }
}
