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
    /// JSON with the schemas; asked for protobuf (kubectl before 1.30 asks for nothing else and gives up without it), the
    /// document without schemas (<see cref="OpenApiV2Protobuf"/>), from which kubectl learns that the server validates.
    /// </summary>
    public static Task GetV2Async(HttpContext context)
    {
        if (context.Request.Headers.Accept.ToString().StartsWith(OpenApiV2Protobuf.ContentType, StringComparison.Ordinal))
        {
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = OpenApiV2Protobuf.ContentType;
            return context.Response.Body.WriteAsync(OpenApiV2Protobuf.Document, context.RequestAborted).AsTask();
        }
        return ApiResponses.WriteRawJsonAsync(context, StatusCodes.Status200OK, OpenApiDocuments.V2);
    }
}
