using System.Text.Json.Nodes;
using Homelab.Api.Resources;
using Homelab.Api.Serialization;
using Homelab.Server.Http;
using Homelab.Store;
using Microsoft.AspNetCore.Http;

namespace Homelab.Server.Endpoints;

/// <summary>
/// GET /api/v1/namespaces/{name}: after a 404 on a namespaced object kubectl (cli-runtime) asks whether the namespace
/// exists, and prints this answer's NotFound instead of the object's when it does not. Answered from Homelab's
/// Namespaces, so kubectl prints <c>services.homelab.dev "nope" not found</c> in a namespace that exists and
/// <c>namespaces "nope" not found</c> otherwise. Only this path is served: /api stays 404 (no core kinds in discovery).
/// </summary>
internal static class CoreNamespaceProbe
{
    public const string Name = "name";
    public const string Path = "/api/v1/namespaces/{" + Name + "}";

    public static Task GetAsync(HttpContext context, IResourceStore store)
    {
        var name = (string)context.Request.RouteValues[Name]!;
        if (store.Get(new ObjectKey(ResourceKinds.Namespace.Kind, "", name)) is not { } found)
        {
            var status = ApiResponses.Failure(StatusCodes.Status404NotFound, StatusReasons.NotFound, $"namespaces \"{name}\" not found");
            status.Details = new StatusDetails { Name = name, Kind = "namespaces" };
            return ApiResponses.WriteStatusAsync(context, status);
        }
        var stored = found.ToNode();
        var core = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Namespace",
            ["metadata"] = stored["metadata"]?.DeepClone(),
            ["status"] = new JsonObject { ["phase"] = stored["status"]?["phase"]?.DeepClone() ?? NamespaceStatus.Active },
        };
        return ApiResponses.WriteRawJsonAsync(context, StatusCodes.Status200OK, core.ToJsonString());
    }
}
