using Homelab.Server.Http;
using Microsoft.AspNetCore.Http;

namespace Homelab.Server.Kubernetes;

/// <summary>GET /openapi/v3, /openapi/v3/apis/homelab.dev/v1alpha1 and /openapi/v2 (JSON only; see <see cref="OpenApiDocuments"/>).</summary>
internal static class OpenApiEndpoints
{
    public const string V3 = "/openapi/v3";
    public const string V3GroupVersion = V3 + "/" + OpenApiDocuments.GroupVersionPath;
    public const string V2 = "/openapi/v2";

    public static Task GetV3RootAsync(HttpContext context) => ApiResponses.WriteRawJsonAsync(context, StatusCodes.Status200OK, OpenApiDocuments.V3Root);

    public static Task GetV3GroupVersionAsync(HttpContext context) => ApiResponses.WriteRawJsonAsync(context, StatusCodes.Status200OK, OpenApiDocuments.V3GroupVersion);

    /// <summary>
    /// JSON, when the client accepts it; the apiserver's protobuf encoding is not served, and a client asking only for it
    /// gets 406, which kubectl takes as "no OpenAPI v2" (it prefers v3).
    /// </summary>
    public static Task GetV2Async(HttpContext context)
    {
        var accept = context.Request.Headers.Accept.ToString();
        if (accept.Length > 0 && !accept.Contains("json", StringComparison.OrdinalIgnoreCase) && !accept.Contains("*/*", StringComparison.Ordinal))
        {
            throw new ApiException(StatusCodes.Status406NotAcceptable, "NotAcceptable", "only application/json is served for /openapi/v2");
        }
        return ApiResponses.WriteRawJsonAsync(context, StatusCodes.Status200OK, OpenApiDocuments.V2);
    }
}
