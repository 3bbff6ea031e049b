using Homelab.Api;
using Homelab.Api.Protocol;
using Homelab.Api.Resources;
using Homelab.Store;
using Microsoft.AspNetCore.Http;

namespace Homelab.Server.Http;

/// <summary>What a resource path names: the kind, the namespace (null when the path has none) and the object name.</summary>
internal readonly record struct ResourceRoute(KindInfo Kind, string? Namespace, string? Name)
{
    public const string NamespaceValue = "namespace";
    public const string PluralValue = "plural";
    public const string NameValue = "name";

    /// <summary>A route value of the matched path, e.g. {ns}; "" when the path has none.</summary>
    public static string Value(HttpContext context, string name) => context.Request.RouteValues[name] as string ?? "";

    /// <summary>The store key; only for paths that name one object.</summary>
    public ObjectKey Key => new(Kind.Kind, Kind.Namespaced ? Namespace ?? "" : "", Name ?? throw new InvalidOperationException("the path names no object"));

    /// <summary>
    /// Resolves the route values. <paramref name="namespacedPath"/> says whether the path had /namespaces/{ns}/; a kind
    /// in the wrong scope is a 404, as Kubernetes answers it.
    /// </summary>
    public static ResourceRoute From(HttpContext context, bool namespacedPath)
    {
        var values = context.Request.RouteValues;
        var plural = values[PluralValue] as string ?? ResourceKinds.Namespace.Plural;
        var kind = ResourceKinds.ByPlural(plural)
            ?? throw ApiException.NotFound($"the server could not find the requested resource: {ApiGroup.ApiVersion} has no resource \"{plural}\"");
        var ns = namespacedPath ? values[NamespaceValue] as string : null;
        var name = values[NameValue] as string;
        if (namespacedPath && !kind.Namespaced)
        {
            throw ApiException.NotFound($"{kind.Plural} are cluster-scoped: use {ApiPaths.For(kind, null, name)}");
        }
        if (!namespacedPath && kind.Namespaced && name is not null)
        {
            throw ApiException.NotFound($"{kind.Plural} are namespaced: use {ApiPaths.Root}/namespaces/{{namespace}}/{kind.Plural}/{name}");
        }
        return new ResourceRoute(kind, ns, name);
    }
}
