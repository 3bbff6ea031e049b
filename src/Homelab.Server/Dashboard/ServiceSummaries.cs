using Homelab.Api.Resources;
using Homelab.Store;

namespace Homelab.Server.Dashboard;

/// <summary>Reads every Service and UpdatePolicy from the store's snapshot and joins them into <see cref="ServiceSummary"/>s.</summary>
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
        return store.List(ResourceKinds.Service.Kind).Items
            .Select(stored => stored.ToResource<Service>())
            .Select(service => updates.TryGetValue($"{service.Metadata.Namespace}/{service.Metadata.Name}", out var update)
                ? new ServiceSummary(service, update.Status, update.Policy)
                : new ServiceSummary(service, null, null))
            .OrderBy(s => s.Namespace, StringComparer.Ordinal)
            .ThenBy(s => s.Name, StringComparer.Ordinal)
            .ToList();
    }

    public ServiceSummary? Find(string ns, string name) =>
        List().FirstOrDefault(s => s.Namespace == ns && s.Name == name);
}
