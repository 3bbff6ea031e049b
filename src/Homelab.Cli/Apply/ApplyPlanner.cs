using System.Text.Json.Nodes;
using Homelab.Api;
using Homelab.Api.Merge;
using Homelab.Api.Protocol;
using Homelab.Api.Resources;
using Homelab.Api.Serialization;

namespace Homelab.Cli.Apply;

/// <summary>
/// Decides created / configured / unchanged / pruned from the desired objects and the live ones, without any I/O.
/// Unchanged means the three-way merge leaves labels, annotations and spec exactly as they are live; then nothing is written,
/// so a re-apply does not move the store revision.
/// </summary>
internal static class ApplyPlanner
{
    public static IReadOnlyList<PlannedChange> Plan(
        IReadOnlyList<DesiredObject> desired,
        IReadOnlyDictionary<ObjectRef, JsonObject> live,
        IReadOnlyList<JsonObject> applySetMembers)
    {
        var changes = new List<PlannedChange>(desired.Count);
        foreach (var wanted in desired)
        {
            changes.Add(live.TryGetValue(wanted.Ref, out var current) ? Update(wanted, current) : Create(wanted));
        }
        var keep = desired.Select(d => d.Ref).ToHashSet();
        var pruned = applySetMembers
            .Where(m => !keep.Contains(ObjectRef.Of(m)))
            .Select(Prune)
            .OfType<PlannedChange>()
            // Namespaced objects go before namespaces, so nothing is deleted out from under its namespace twice.
            .OrderByDescending(c => ManifestLoader.KindOrder(c.Kind))
            .ThenBy(c => c.Ref.Namespace, StringComparer.Ordinal)
            .ThenBy(c => c.Ref.Name, StringComparer.Ordinal);
        changes.AddRange(pruned);
        return changes;
    }

    /// <summary>
    /// The changes as the daemon reports them, in operation order: a replace the store found equal says "unchanged", as
    /// kubectl prints the server's answer rather than its plan. Prunes keep kubectl's word; an answer that does not match
    /// the operations one to one (not from this daemon's batch endpoint) leaves the plan as it was.
    /// </summary>
    public static IReadOnlyList<PlannedChange> Reported(IReadOnlyList<PlannedChange> changes, IReadOnlyList<BatchResult> results)
    {
        if (results.Count != changes.Count(c => c.Operation is not null))
        {
            return changes;
        }
        var next = 0;
        var reported = new List<PlannedChange>(changes.Count);
        foreach (var change in changes)
        {
            var outcome = change.Operation is null ? null : results[next++].Outcome;
            reported.Add(outcome is { Length: > 0 } && change.Outcome != ApplyOutcome.Pruned ? change with { Outcome = outcome } : change);
        }
        return reported;
    }

    /// <summary>The user's last-applied object from the live annotation; null when absent or unreadable (as kubectl treats it).</summary>
    public static JsonObject? LastApplied(JsonObject live)
    {
        var text = JsonText.String(live["metadata"]?["annotations"]?[ApiGroup.LastAppliedAnnotation]);
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        try
        {
            return JsonNode.Parse(text) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    /// <summary>True when the fields apply owns (labels, annotations, and spec — or a Secret's data, type, immutable) are the same in both.</summary>
    public static bool SameUserFields(JsonObject a, JsonObject b) =>
        JsonCanonical.DeepEquals(EmptyAsNull(a["metadata"]?["labels"]), EmptyAsNull(b["metadata"]?["labels"]))
        && JsonCanonical.DeepEquals(EmptyAsNull(a["metadata"]?["annotations"]), EmptyAsNull(b["metadata"]?["annotations"]))
        && OwnFields(a).Concat(OwnFields(b)).Distinct().All(field => JsonCanonical.DeepEquals(EmptyAsNull(a[field]), EmptyAsNull(b[field])));

    private static IEnumerable<string> OwnFields(JsonObject obj) =>
        obj.Select(p => p.Key).Where(k => k is not ("apiVersion" or "kind" or "metadata" or "status"));

    private static PlannedChange Create(DesiredObject wanted) => new(
        wanted.Kind, wanted.Ref, ApplyOutcome.Created, null, wanted.Desired,
        new BatchOperation { Op = BatchOps.Create, Object = (JsonObject)wanted.Desired.DeepClone() });

    private static PlannedChange Update(DesiredObject wanted, JsonObject current)
    {
        var merged = ThreeWayMerge.Compute(LastApplied(current), current, wanted.Desired);
        if (SameUserFields(merged, current))
        {
            return new PlannedChange(wanted.Kind, wanted.Ref, ApplyOutcome.Unchanged, current, current, null);
        }
        var resourceVersion = JsonText.String(current["metadata"]?["resourceVersion"]);
        var sent = (JsonObject)merged.DeepClone();
        sent.Remove("status");
        return new PlannedChange(wanted.Kind, wanted.Ref, ApplyOutcome.Configured, current, merged,
            new BatchOperation { Op = BatchOps.Replace, Object = sent, ResourceVersion = resourceVersion });
    }

    private static PlannedChange? Prune(JsonObject member)
    {
        var reference = ObjectRef.Of(member);
        if (ResourceKinds.ByKind(reference.Kind) is not { } kind)
        {
            return null;
        }
        return new PlannedChange(kind, reference, ApplyOutcome.Pruned, member, null, new BatchOperation
        {
            Op = BatchOps.Delete,
            Kind = kind.Kind,
            Namespace = kind.Namespaced ? reference.Namespace : null,
            Name = reference.Name,
            ResourceVersion = JsonText.String(member["metadata"]?["resourceVersion"]),
        });
    }

    private static JsonNode? EmptyAsNull(JsonNode? node) => node is JsonObject { Count: 0 } ? null : node;
}
