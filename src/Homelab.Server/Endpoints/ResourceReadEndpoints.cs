using Homelab.Server.Http;
using Homelab.Store;
using Microsoft.AspNetCore.Http;

namespace Homelab.Server.Endpoints;

/// <summary>GET of one object, its status subresource, a list, or a watch.</summary>
internal sealed class ResourceReadEndpoints(IResourceStore store, WatchStreamer watchStreamer)
{
    public Task GetAsync(HttpContext context, bool namespacedPath)
    {
        var route = ResourceRoute.From(context, namespacedPath);
        var stored = store.Get(route.Key) ?? throw StoreException.NotFound(route.Key);
        return ApiResponses.WriteRawJsonAsync(context, StatusCodes.Status200OK, stored.Json);
    }

    /// <summary>A list, in one namespace or (on the path without /namespaces/{ns}/) in all of them; ?watch=true streams instead.</summary>
    public Task ListAsync(HttpContext context, bool namespacedPath)
    {
        var route = ResourceRoute.From(context, namespacedPath);
        var selector = LabelSelectorQuery.Parse(QueryParameters.Single(context.Request, "labelSelector"));
        if (QueryParameters.Flag(context.Request, "watch"))
        {
            return watchStreamer.StreamAsync(context, route.Kind, route.Namespace, selector);
        }
        return ListWriter.WriteAsync(context, route.Kind, store.List(route.Kind.Kind, route.Namespace, selector));
    }
}
