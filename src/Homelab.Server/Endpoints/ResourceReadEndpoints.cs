using Homelab.Server.Http;
using Homelab.Store;
using Microsoft.AspNetCore.Http;

namespace Homelab.Server.Endpoints;

/// <summary>GET of one object, its status subresource, a list, or a watch; each as JSON or, when asked, as a Table.</summary>
internal sealed class ResourceReadEndpoints(IResourceStore store, WatchStreamer watchStreamer, TimeProvider time)
{
    public Task GetAsync(HttpContext context, bool namespacedPath)
    {
        var route = ResourceRoute.From(context, namespacedPath);
        var stored = store.Get(route.Key) ?? throw StoreException.NotFound(route.Key);
        return TableWriter.Requested(context.Request)
            ? TableWriter.WriteAsync(context, route.Kind, [stored], stored.ResourceVersion, time.GetUtcNow())
            : ApiResponses.WriteRawJsonAsync(context, StatusCodes.Status200OK, stored.Json);
    }

    /// <summary>A list, in one namespace or (on the path without /namespaces/{ns}/) in all of them; ?watch=true streams instead.</summary>
    public Task ListAsync(HttpContext context, bool namespacedPath)
    {
        var route = ResourceRoute.From(context, namespacedPath);
        var selector = ObjectSelector.FromQuery(context.Request);
        var table = TableWriter.Requested(context.Request);
        if (QueryParameters.Flag(context.Request, "watch"))
        {
            var include = TableWriter.IncludeOf(context.Request);
            Func<StoredObject, string> render = table ? stored => TableWriter.Render(route.Kind, [stored], stored.ResourceVersion, time.GetUtcNow(), include) : stored => stored.Json;
            return watchStreamer.StreamAsync(context, route.Kind, route.Namespace, selector, render);
        }
        var list = store.List(route.Kind.Kind, route.Namespace, selector.Labels);
        var items = selector.Name is null && selector.Namespace is null ? list.Items : [.. list.Items.Where(selector.Matches)];
        return table
            ? TableWriter.WriteAsync(context, route.Kind, items, list.Revision, time.GetUtcNow())
            : ListWriter.WriteAsync(context, route.Kind, list with { Items = items });
    }
}
