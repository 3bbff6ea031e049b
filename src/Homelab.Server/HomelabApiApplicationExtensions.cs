using Homelab.Api.Protocol;
using Homelab.Server.Endpoints;
using Homelab.Server.Http;
using Homelab.Server.Kubernetes;
using Homelab.Server.Metrics;
using Homelab.Server.Preflight;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Homelab.Server;

public static class HomelabApiApplicationExtensions
{
    private const string Namespaced = ApiPaths.Root + "/namespaces/{" + ResourceRoute.NamespaceValue + "}";
    private const string Collection = "/{" + ResourceRoute.PluralValue + "}";
    private const string Item = Collection + "/{" + ResourceRoute.NameValue + "}";
    private const string Status = Item + "/status";

    /// <summary>The error handling and every route of the API (see <see cref="ApiPaths"/>).</summary>
    public static WebApplication MapHomelabApi(this WebApplication app)
    {
        // Anything the routes do not answer (unknown path, wrong method) still gets a Status body, not an empty reply.
        app.UseStatusCodePages(context => ApiResponses.WriteStatusAsync(
            context.HttpContext,
            ApiResponses.Failure(context.HttpContext.Response.StatusCode, ApiErrorMiddleware.ReasonFor(context.HttpContext.Response.StatusCode), Describe(context.HttpContext))));
        app.UseMiddleware<BearerTokenMiddleware>();
        app.UseMiddleware<ApiErrorMiddleware>();
        app.MapHomelabEndpoints();
        return app;
    }

    /// <summary>The routes alone, for hosts that bring their own error handling.</summary>
    public static IEndpointRouteBuilder MapHomelabEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(ApiPaths.Version, DiscoveryEndpoints.GetVersionAsync);
        endpoints.MapGet(ApiPaths.Livez, HealthEndpoints.GetLivezAsync);
        endpoints.MapGet(MetricsEndpoint.Path, MetricsEndpoint.GetAsync);
        endpoints.MapGet(ApiPaths.Readyz, context => HealthEndpoints.GetReadyzAsync(context, Get<HostPreflight>(context)));
        endpoints.MapGet(ApiPaths.Groups, DiscoveryEndpoints.GetGroupsAsync);
        endpoints.MapGet(CoreNamespaceProbe.Path, context => CoreNamespaceProbe.GetAsync(context, Get<Store.IResourceStore>(context)));
        endpoints.MapGet(ApiPaths.Root, DiscoveryEndpoints.GetResourcesAsync);
        endpoints.MapGet(ApiPaths.Kubeconfig, KubeconfigEndpoint.GetAsync);
        endpoints.MapGet(OpenApiEndpoints.V3, OpenApiEndpoints.GetV3RootAsync);
        endpoints.MapGet(OpenApiEndpoints.V3GroupVersion, OpenApiEndpoints.GetV3GroupVersionAsync);
        endpoints.MapGet(OpenApiEndpoints.V2, OpenApiEndpoints.GetV2Async);
        endpoints.MapPost(ApiPaths.Batch, context => Get<BatchEndpoint>(context).PostAsync(context));
        endpoints.MapGet(ApiPaths.Root + "/events", context => Get<EventEndpoints>(context).ListAsync(context, namespacedPath: false));
        endpoints.MapGet(Namespaced + "/events", context => Get<EventEndpoints>(context).ListAsync(context, namespacedPath: true));

        MapKinds(endpoints, Namespaced, namespacedPath: true);
        MapKinds(endpoints, ApiPaths.Root, namespacedPath: false);

        // ".../namespaces/{name}/status" would otherwise read as a list of "status" in namespace {name}.
        var namespaceStatus = ApiPaths.Root + "/namespaces/{" + ResourceRoute.NameValue + "}/status";
        endpoints.MapGet(namespaceStatus, context => Get<ResourceReadEndpoints>(context).GetAsync(context, namespacedPath: false));
        endpoints.MapPut(namespaceStatus, context => Get<StatusEndpoints>(context).ReplaceAsync(context, namespacedPath: false));
        endpoints.MapPatch(namespaceStatus, context => Get<StatusEndpoints>(context).PatchAsync(context, namespacedPath: false));
        return endpoints;
    }

    private static void MapKinds(IEndpointRouteBuilder endpoints, string prefix, bool namespacedPath)
    {
        endpoints.MapGet(prefix + Collection, context => Get<ResourceReadEndpoints>(context).ListAsync(context, namespacedPath));
        endpoints.MapPost(prefix + Collection, context => Get<ResourceWriteEndpoints>(context).CreateAsync(context, namespacedPath));
        endpoints.MapDelete(prefix + Collection, context => Get<ResourceWriteEndpoints>(context).DeleteCollectionAsync(context, namespacedPath));
        endpoints.MapGet(prefix + Item, context => Get<ResourceReadEndpoints>(context).GetAsync(context, namespacedPath));
        endpoints.MapPut(prefix + Item, context => Get<ResourceWriteEndpoints>(context).ReplaceAsync(context, namespacedPath));
        endpoints.MapPatch(prefix + Item, context => Get<ResourceWriteEndpoints>(context).PatchAsync(context, namespacedPath));
        endpoints.MapDelete(prefix + Item, context => Get<ResourceWriteEndpoints>(context).DeleteAsync(context, namespacedPath));
        endpoints.MapGet(prefix + Status, context => Get<ResourceReadEndpoints>(context).GetAsync(context, namespacedPath));
        endpoints.MapPut(prefix + Status, context => Get<StatusEndpoints>(context).ReplaceAsync(context, namespacedPath));
        endpoints.MapPatch(prefix + Status, context => Get<StatusEndpoints>(context).PatchAsync(context, namespacedPath));
    }

    private static T Get<T>(HttpContext context) where T : notnull => context.RequestServices.GetRequiredService<T>();

    private static string Describe(HttpContext context) => context.Response.StatusCode switch
    {
        StatusCodes.Status404NotFound => $"the server could not find the requested resource: {context.Request.Path}",
        StatusCodes.Status405MethodNotAllowed => $"{context.Request.Method} is not allowed on {context.Request.Path}",
        var code => $"request failed with HTTP {code}",
    };
}
