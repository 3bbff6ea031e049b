using Homelab.Api.Resources;
using Homelab.Store;

namespace Homelab.Server.Dashboard;

/// <summary>
/// Reads every Service, UpdatePolicy and Route from the store's snapshot and joins them into <see cref="ServiceSummary"/>s.
/// </summary>
internal sealed class ServiceSummaries(IResourceStore store)
{
    /// <summary>All Services, ordered by namespace and name.</summary>
    public IReadOnlyList<ServiceSummary> List()
    {
        // An UpdatePolicy reports each Service it selects under "namespace/name" (UpdatePolicyController).
        var updates = new Dictionary<string, (ServiceUpdateStatus Status, string Policy)>(StringComparer.Ordinal);
        foreach (var stored in store.List(ResourceKinds.UpdatePolicy.Kind).Items)
        {
            var policy = stored.ToResource<UpdatePolicy>();
            foreach (var entry in policy.Status?.Services ?? [])
            {
                updates[entry.Service] = (entry, policy.Metadata.Name);
            }
        }
        // A Route's backendRefs name Services of its own namespace, so "namespace/backend" keys the join too.
        var routes = Routes()
            .SelectMany(r => r.Backends.Select(backend => (Key: $"{r.Namespace}/{backend}", Route: r)))
            .ToLookup(x => x.Key, x => x.Route, StringComparer.Ordinal);
        return store.List(ResourceKinds.Service.Kind).Items
            .Select(stored => stored.ToResource<Service>())
            .Select(service =>
            {
                var key = $"{service.Metadata.Namespace}/{service.Metadata.Name}";
                var routed = routes[key].ToList();
                return updates.TryGetValue(key, out var update)
                    ? new ServiceSummary(service, update.Status, update.Policy, routed)
                    : new ServiceSummary(service, null, null, routed);
            })
            .OrderBy(s => s.Namespace, StringComparer.Ordinal)
            .ThenBy(s => s.Name, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>All Routes, ordered by namespace and name.</summary>
    public IReadOnlyList<RouteSummary> Routes() =>
        store.List(ResourceKinds.Route.Kind).Items
            .Select(stored => new RouteSummary(stored.ToResource<Route>()))
            .OrderBy(r => r.Namespace, StringComparer.Ordinal)
            .ThenBy(r => r.Name, StringComparer.Ordinal)
            .ToList();

    public ServiceSummary? Find(string ns, string name) =>
        List().FirstOrDefault(s => s.Namespace == ns && s.Name == name);
}
