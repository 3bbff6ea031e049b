using System.Text.Json.Nodes;
using Homelab.Api;
using Homelab.Api.Resources;
using Homelab.Api.Serialization;
using Homelab.Cli.Client;

namespace Homelab.Cli.Apply;

/// <summary>The live objects an apply compares against: one list per kind and namespace, not one GET per object.</summary>
internal sealed record LiveState(IReadOnlyDictionary<ObjectRef, JsonObject> Objects, IReadOnlyList<JsonObject> ApplySetMembers)
{
    public static async Task<LiveState> ReadAsync(HomelabClient client, IReadOnlyList<DesiredObject> desired, string? pruneApplySet, CancellationToken ct)
    {
        var objects = new Dictionary<ObjectRef, JsonObject>();
        var scopes = desired.Select(d => (d.Kind, Namespace: d.Kind.Namespaced ? d.Ref.Namespace : null)).Distinct();
        foreach (var (kind, ns) in scopes)
        {
            var list = await client.ListAsync(kind, ns, null, ct).ConfigureAwait(false);
            foreach (var item in list.Items)
            {
                objects[ObjectRef.Of(item)] = item;
            }
        }
        var members = new List<JsonObject>();
        if (pruneApplySet is not null)
        {
            foreach (var kind in ResourceKinds.All)
            {
                var list = await client.ListAsync(kind, null, $"{ApiGroup.ApplySetLabel}={pruneApplySet}", ct).ConfigureAwait(false);
                // The label selector is the server's job, but a prune must never delete something outside the set.
                members.AddRange(list.Items.Where(i => JsonText.String(i["metadata"]?["labels"]?[ApiGroup.ApplySetLabel]) == pruneApplySet));
            }
        }
        return new LiveState(objects, members);
    }
}
