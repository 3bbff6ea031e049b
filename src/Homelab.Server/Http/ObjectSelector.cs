using Homelab.Api.Meta;
using Homelab.Store;

namespace Homelab.Server.Http;

/// <summary>
/// Which objects a list or watch returns: the labelSelector and the fieldSelector (<c>metadata.name</c> and
/// <c>metadata.namespace</c>, the fields every kind supports in Kubernetes; kubectl wait and `get NAME --watch` use the name).
/// </summary>
internal sealed record ObjectSelector(LabelSelector? Labels, string? Name, string? Namespace)
{
    public bool IsAll => Labels is null && Name is null && Namespace is null;

    public bool Matches(StoredObject stored) =>
        (Name is null || stored.Key.Name == Name)
        && (Namespace is null || stored.Key.Namespace == Namespace)
        && (Labels is null || Labels.Matches(stored.Labels));

    /// <summary>From ?labelSelector= and ?fieldSelector=; an unsupported field or operator is a 400.</summary>
    public static ObjectSelector FromQuery(Microsoft.AspNetCore.Http.HttpRequest request)
    {
        var labels = LabelSelectorQuery.Parse(QueryParameters.Single(request, "labelSelector"));
        string? name = null;
        string? ns = null;
        var fields = QueryParameters.Single(request, "fieldSelector");
        foreach (var term in (fields ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var at = term.IndexOf('=', StringComparison.Ordinal);
            if (at <= 0 || term.Contains("!=", StringComparison.Ordinal))
            {
                throw ApiException.BadRequest($"fieldSelector: \"{term}\": only field=value (or ==) is supported");
            }
            var field = term[..at];
            var value = term[(at + 1)..].TrimStart('=');
            switch (field)
            {
                case "metadata.name":
                    name = value;
                    break;
                case "metadata.namespace":
                    ns = value;
                    break;
                default:
                    throw ApiException.BadRequest($"fieldSelector: field label not supported: {field} (metadata.name and metadata.namespace are)");
            }
        }
        return new ObjectSelector(labels, name, ns);
    }
}
