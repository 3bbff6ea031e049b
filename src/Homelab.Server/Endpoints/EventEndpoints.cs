using Homelab.Api.Protocol;
using Homelab.Api.Resources;
using Homelab.Server.Http;
using Homelab.Store;
using Microsoft.AspNetCore.Http;

namespace Homelab.Server.Endpoints;

/// <summary>GET …/events and GET …/namespaces/{ns}/events?kind=Service&amp;name=web.</summary>
internal sealed class EventEndpoints(IResourceStore store)
{
    public Task ListAsync(HttpContext context, bool namespacedPath)
    {
        var ns = namespacedPath ? context.Request.RouteValues[ResourceRoute.NamespaceValue] as string : null;
        var involved = Involved(context.Request, ns);
        var events = store.ListEvents(involved?.Namespace ?? ns, involved);
        var list = new EventList { Items = [.. events.Select(ToInfo)] };
        return ApiResponses.WriteJsonAsync(context, StatusCodes.Status200OK, list);
    }

    private static ObjectKey? Involved(HttpRequest request, string? ns)
    {
        var kindName = QueryParameters.Single(request, "kind");
        var name = QueryParameters.Single(request, "name");
        if (kindName is null && name is null)
        {
            return null;
        }
        if (kindName is null || name is null)
        {
            throw ApiException.BadRequest("kind and name: give both to select the events of one object, or neither");
        }
        var kind = ResourceKinds.Find(kindName)
            ?? throw ApiException.BadRequest($"kind: unknown kind \"{kindName}\"; known kinds: {string.Join(", ", ResourceKinds.All.Select(k => k.Kind))}");
        if (!kind.Namespaced)
        {
            return new ObjectKey(kind.Kind, "", name);
        }
        return ns is null
            ? throw ApiException.BadRequest($"kind: {kind.Kind} is namespaced; ask {ApiPaths.Root}/namespaces/{{namespace}}/events?kind={kind.Kind}&name={name}")
            : new ObjectKey(kind.Kind, ns, name);
    }

    private static EventInfo ToInfo(EventRecord record) => new()
    {
        InvolvedObject = new InvolvedObject
        {
            Kind = record.InvolvedObject.Kind,
            Namespace = record.InvolvedObject.Namespace.Length == 0 ? null : record.InvolvedObject.Namespace,
            Name = record.InvolvedObject.Name,
            Uid = record.InvolvedUid,
        },
        Type = record.Type,
        Reason = record.Reason,
        Message = record.Message,
        Source = record.Source,
        Count = record.Count,
        FirstTimestamp = record.FirstSeen,
        LastTimestamp = record.LastSeen,
    };
}
