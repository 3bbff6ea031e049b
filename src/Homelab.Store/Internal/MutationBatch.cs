using System.Globalization;
using System.Text.Json.Nodes;
using Homelab.Api;
using Homelab.Api.Resources;
using Homelab.Api.Serialization;

namespace Homelab.Store.Internal;

/// <summary>
/// Works out what one <see cref="IResourceStore.Commit"/> writes, without touching LiteDB: each mutation sees the
/// batch's own earlier writes first, then the committed snapshot. The result is the ordered list of changes, one
/// revision each; the store persists them in one transaction.
/// </summary>
internal sealed class MutationBatch(StoreSnapshot snapshot, IAdmission admission, TimeProvider time, int maxObjectBytes) : IAdmissionContext
{
    private static readonly string NamespaceKind = ResourceKinds.Namespace.Kind;

    private readonly Dictionary<ObjectKey, StoredObject?> _pending = [];
    private readonly List<WatchEvent> _changes = [];
    private readonly List<(ObjectKey Key, string Reason, string Message)> _audits = [];
    private List<string> _warnings = [];
    private ObjectKey? _admitting;

    /// <summary>Audit notes of admission, to record as events once the batch has committed.</summary>
    public IReadOnlyList<(ObjectKey Key, string Reason, string Message)> Audits => _audits;

    public long Revision { get; private set; } = snapshot.Revision;

    /// <summary>Changes in revision order; a DELETED change removes the object.</summary>
    public IReadOnlyList<WatchEvent> Changes => _changes;

    public WriteResult Apply(Mutation mutation)
    {
        ArgumentNullException.ThrowIfNull(mutation);
        _warnings = [];
        var result = mutation.Type switch
        {
            MutationType.Create => Create(mutation.Key, mutation.Object ?? throw MissingObject(mutation)),
            MutationType.Replace => Update(mutation.Key, Require(mutation.Key, mutation.ExpectedResourceVersion), ObjectJson.Clone(mutation.Object ?? throw MissingObject(mutation))),
            MutationType.Patch => Patch(mutation.Key, mutation.ExpectedResourceVersion, mutation.Transform ?? throw MissingTransform(mutation)),
            MutationType.ReplaceStatus => UpdateStatus(mutation.Key, Require(mutation.Key, mutation.ExpectedResourceVersion), ObjectJson.Clone(mutation.Object ?? throw MissingObject(mutation))),
            MutationType.PatchStatus => PatchStatus(mutation.Key, mutation.Transform ?? throw MissingTransform(mutation)),
            MutationType.Delete => Delete(mutation.Key, Require(mutation.Key, mutation.ExpectedResourceVersion), mutation.Force),
            _ => throw new StoreException(400, StatusReasons.BadRequest, $"unknown mutation type {mutation.Type}"),
        };
        return _warnings.Count == 0 ? result : result with { Warnings = _warnings };
    }

    StoredObject? IAdmissionContext.Get(ObjectKey key) => Current(key);

    IEnumerable<StoredObject> IAdmissionContext.List(string kind, string? ns) =>
        snapshot.OfKind(kind).Where(o => ns is null || o.Key.Namespace == ns).Select(o => o.Key)
            .Concat(_pending.Keys.Where(k => k.Kind == kind && (ns is null || k.Namespace == ns)))
            .Distinct()
            .Select(Current)
            .OfType<StoredObject>();

    void IAdmissionContext.Warn(string message) => _warnings.Add(message);

    void IAdmissionContext.Audit(string reason, string message) =>
        _audits.Add((_admitting ?? throw new InvalidOperationException("an audit note outside admission"), reason, message));

    private StoredObject? Current(ObjectKey key) => _pending.TryGetValue(key, out var pending) ? pending : snapshot.Get(key);

    private StoredObject Require(ObjectKey key, long? expectedResourceVersion)
    {
        var current = Current(key) ?? throw StoreException.NotFound(key);
        if (expectedResourceVersion is { } expected && expected != current.ResourceVersion)
        {
            throw StoreException.Conflict(key, expected, current.ResourceVersion);
        }
        return current;
    }

    private WriteResult Create(ObjectKey key, JsonObject input)
    {
        if (Current(key) is not null)
        {
            throw StoreException.AlreadyExists(key);
        }
        var candidate = ObjectJson.Clone(input);
        candidate.Remove("status");
        var metadata = ObjectJson.Metadata(candidate);
        metadata["uid"] = Guid.NewGuid().ToString();
        metadata["creationTimestamp"] = Now();
        metadata["generation"] = 1;
        metadata.Remove("resourceVersion");
        metadata.Remove("deletionTimestamp");
        EnsureNamespaceLabel(key, candidate);

        var admitted = Admit(key, candidate, existing: null);
        RequireLiveNamespace(key.Namespace);
        if (key.Kind == NamespaceKind)
        {
            admitted["status"] = new JsonObject { ["phase"] = NamespaceStatus.Active };
        }
        return Write(key, admitted, current: null, WriteOutcome.Created);
    }

    private WriteResult Patch(ObjectKey key, long? expectedResourceVersion, Func<JsonObject, JsonObject> transform)
    {
        var current = Require(key, expectedResourceVersion);
        var candidate = transform(current.ToNode()) ?? throw new StoreException(400, StatusReasons.BadRequest, $"patch of {key} returned no object");
        return Update(key, current, candidate);
    }

    /// <summary>Replace and Patch: metadata and spec from <paramref name="candidate"/>; status and server-owned fields stay.</summary>
    private WriteResult Update(ObjectKey key, StoredObject current, JsonObject candidate)
    {
        var existing = current.ToNode();
        var metadata = ObjectJson.Metadata(candidate);
        var existingMetadata = ObjectJson.Metadata(existing);
        foreach (var field in (string[])["uid", "creationTimestamp", "deletionTimestamp", "generation", "resourceVersion"])
        {
            CopyField(existingMetadata, metadata, field);
        }
        CopyField(existing, candidate, "status");
        EnsureNamespaceLabel(key, candidate);

        var admitted = Admit(key, candidate, existing);
        if (!JsonNode.DeepEquals(admitted["spec"], existing["spec"]))
        {
            ObjectJson.Metadata(admitted)["generation"] = Generation(existing) + 1;
        }
        if (ObjectJson.IsTerminating(admitted) && !ObjectJson.HasFinalizers(admitted) && (key.Kind != NamespaceKind || !Contents(key.Name).Any()))
        {
            return Remove(key, admitted);
        }
        return JsonNode.DeepEquals(admitted, existing) ? new WriteResult(WriteOutcome.Unchanged, current) : Write(key, admitted, current, WriteOutcome.Updated);
    }

    private WriteResult PatchStatus(ObjectKey key, Func<JsonObject, JsonObject> transform)
    {
        var current = Require(key, expectedResourceVersion: null);
        var status = current.ToNode()["status"]?.DeepClone() as JsonObject ?? [];
        var patched = transform(status) ?? throw new StoreException(400, StatusReasons.BadRequest, $"status patch of {key} returned no status");
        return UpdateStatus(key, current, patched);
    }

    private WriteResult UpdateStatus(ObjectKey key, StoredObject current, JsonObject status)
    {
        var existing = current.ToNode();
        var next = ObjectJson.Clone(existing);
        var admitted = admission.AdmitStatus(key.Kind, status);
        next["status"] = admitted.Parent is null ? admitted : admitted.DeepClone();
        return JsonNode.DeepEquals(next, existing) ? new WriteResult(WriteOutcome.Unchanged, current) : Write(key, next, current, WriteOutcome.Updated);
    }

    private WriteResult Delete(ObjectKey key, StoredObject current, bool force)
    {
        if (key.Kind == NamespaceKind)
        {
            return DeleteNamespace(key, current);
        }
        if (key.Kind == ResourceKinds.Secret.Kind && !force)
        {
            RequireUnusedSecret(key);
        }
        var existing = current.ToNode();
        if (!ObjectJson.HasFinalizers(existing))
        {
            return Remove(key, existing);
        }
        if (ObjectJson.IsTerminating(existing))
        {
            // Already being deleted: answering "deletion started" again is what the caller asked for, and writes nothing.
            return new WriteResult(WriteOutcome.DeletionStarted, current);
        }
        ObjectJson.Metadata(existing)["deletionTimestamp"] = Now();
        return Write(key, existing, current, WriteOutcome.DeletionStarted);
    }

    private JsonObject Admit(ObjectKey key, JsonObject candidate, JsonObject? existing)
    {
        _admitting = key;
        var admitted = admission.Admit(candidate, existing, this);
        var kind = ObjectJson.GetString(admitted, "kind") ?? "";
        var metadata = ObjectJson.Metadata(admitted);
        var name = ObjectJson.GetString(metadata, "name") ?? "";
        var ns = ObjectJson.GetString(metadata, "namespace") ?? "";
        if (kind != key.Kind || name != key.Name || ns != key.Namespace)
        {
            throw new StoreException(400, StatusReasons.BadRequest, $"the object ({kind}/{ns}/{name}) does not match the request ({key})");
        }
        return admitted;
    }

    private WriteResult Write(ObjectKey key, JsonObject node, StoredObject? current, WriteOutcome outcome)
    {
        var revision = ++Revision;
        ObjectJson.Metadata(node)["resourceVersion"] = revision.ToString(CultureInfo.InvariantCulture);
        var stored = ObjectJson.ToStored(key, revision, node);
        var size = System.Text.Encoding.UTF8.GetByteCount(stored.Json);
        if (size > maxObjectBytes)
        {
            throw new StoreException(413, "RequestEntityTooLarge", $"{key.Kind.ToLowerInvariant()} \"{key.Name}\" is too large: {size} bytes, the limit is {maxObjectBytes}");
        }
        _pending[key] = stored;
        _changes.Add(new WatchEvent(current is null ? WatchEventTypes.Added : WatchEventTypes.Modified, revision, stored));
        return new WriteResult(outcome, stored);
    }

    /// <summary>The DELETED change carries the last state, stamped with the delete's revision (as Kubernetes does).</summary>
    private WriteResult Remove(ObjectKey key, JsonObject lastState)
    {
        var revision = ++Revision;
        ObjectJson.Metadata(lastState)["resourceVersion"] = revision.ToString(CultureInfo.InvariantCulture);
        var stored = ObjectJson.ToStored(key, revision, lastState);
        _pending[key] = null;
        _changes.Add(new WatchEvent(WatchEventTypes.Deleted, revision, stored));
        FinishNamespace(key.Namespace);
        return new WriteResult(WriteOutcome.Deleted, stored);
    }

    private void RequireLiveNamespace(string ns)
    {
        if (ns.Length == 0)
        {
            return;
        }
        var key = new ObjectKey(NamespaceKind, "", ns);
        var found = Current(key) ?? throw StoreException.NotFound(key);
        if (ObjectJson.IsTerminating(found.ToNode()))
        {
            throw new StoreException(403, StatusReasons.Forbidden, $"unable to create new content in namespace {ns} because it is being terminated");
        }
    }

    /// <summary>
    /// As Kubernetes deletes a namespace: it turns Terminating (no new content may be created in it), an empty one goes at
    /// once, and one that holds objects goes in the write that removes the last of them (<see cref="FinishNamespace"/>).
    /// Deleting the contents is <see cref="Hosting.NamespaceTerminator"/>'s work, as the namespace controller's in
    /// Kubernetes, so a client that deletes a file of a namespace and its objects still finds the objects it names.
    /// </summary>
    private WriteResult DeleteNamespace(ObjectKey key, StoredObject current)
    {
        if (key.Name == ApiGroup.DefaultNamespace)
        {
            throw new StoreException(403, StatusReasons.Forbidden, $"namespace \"{key.Name}\" may not be deleted");
        }
        var existing = current.ToNode();
        if (ObjectJson.IsTerminating(existing))
        {
            return new WriteResult(WriteOutcome.DeletionStarted, current);
        }
        ObjectJson.Metadata(existing)["deletionTimestamp"] = Now();
        existing["status"] = new JsonObject { ["phase"] = NamespaceStatus.Terminating };
        var marked = Write(key, existing, current, WriteOutcome.DeletionStarted);
        FinishNamespace(key.Name);
        return Current(key) is null ? new WriteResult(WriteOutcome.Deleted, _changes[^1].Object) : marked;
    }

    /// <summary>Removes a Terminating namespace once it holds nothing and has no finalizers of its own.</summary>
    private void FinishNamespace(string ns)
    {
        if (ns.Length == 0 || Current(new ObjectKey(NamespaceKind, "", ns)) is not { } found)
        {
            return;
        }
        var node = found.ToNode();
        if (ObjectJson.IsTerminating(node) && !ObjectJson.HasFinalizers(node) && !Contents(ns).Any())
        {
            Remove(found.Key, node);
        }
    }

    /// <summary>The keys of what a namespace holds, as this batch leaves it.</summary>
    private IEnumerable<ObjectKey> Contents(string ns) =>
        snapshot.InNamespace(ns).Select(o => o.Key)
            .Concat(_pending.Keys.Where(k => k.Namespace == ns))
            .Distinct()
            .Where(k => Current(k) is not null);

    /// <summary>
    /// A Secret that a Service (not itself being deleted) mounts stays, unless the delete is forced: its files would
    /// vanish from under a running program. Checked against this batch too, so a prune that removes both goes through.
    /// </summary>
    private void RequireUnusedSecret(ObjectKey key)
    {
        var services = snapshot.OfKind(ResourceKinds.Service.Kind).Where(s => s.Key.Namespace == key.Namespace).Select(s => s.Key)
            .Concat(_pending.Keys.Where(k => k.Kind == ResourceKinds.Service.Kind && k.Namespace == key.Namespace))
            .Distinct();
        var users = services
            .Select(Current)
            .OfType<StoredObject>()
            .Where(s => !ObjectJson.IsTerminating(s.ToNode()) && SecretReferences.Of(s.ToResource<Service>().Spec).Contains(key.Name))
            .Select(s => s.Key.Name)
            .Order(StringComparer.Ordinal)
            .ToList();
        if (users.Count > 0)
        {
            throw new StoreException(409, StatusReasons.Conflict,
                $"secret \"{key.Name}\" is used by service{(users.Count == 1 ? "" : "s")} {string.Join(", ", users)} in namespace {key.Namespace}; remove it from their spec first, or delete with --force");
        }
    }

    private static void EnsureNamespaceLabel(ObjectKey key, JsonObject candidate)
    {
        if (key.Kind != NamespaceKind)
        {
            return;
        }
        var metadata = ObjectJson.Metadata(candidate);
        if (metadata["labels"] is not JsonObject labels)
        {
            labels = [];
            metadata["labels"] = labels;
        }
        labels[ApiGroup.NamespaceNameLabel] = key.Name;
    }

    private static void CopyField(JsonObject from, JsonObject to, string field)
    {
        if (from[field] is { } value)
        {
            to[field] = value.DeepClone();
        }
        else
        {
            to.Remove(field);
        }
    }

    private static long Generation(JsonObject obj) =>
        obj["metadata"]?["generation"] is JsonValue value && value.GetValueKind() == System.Text.Json.JsonValueKind.Number
            ? long.Parse(value.ToJsonString(), CultureInfo.InvariantCulture)
            : 0;

    /// <summary>Whole seconds, like Kubernetes timestamps.</summary>
    private JsonNode Now()
    {
        var now = time.GetUtcNow();
        return JsonValue.Create(new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero));
    }

    private static StoreException MissingObject(Mutation mutation) =>
        new(400, StatusReasons.BadRequest, $"{mutation.Type} of {mutation.Key} needs an object");

    private static StoreException MissingTransform(Mutation mutation) =>
        new(400, StatusReasons.BadRequest, $"{mutation.Type} of {mutation.Key} needs a transform");
}
