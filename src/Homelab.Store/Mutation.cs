using System.Text.Json.Nodes;

namespace Homelab.Store;

public enum MutationType
{
    /// <summary>Fails with 409 AlreadyExists when the key exists.</summary>
    Create,
    /// <summary>Replaces metadata (labels, annotations, finalizers) and spec; status is kept. 404 when missing.</summary>
    Replace,
    /// <summary>Replaces status only; generation does not move.</summary>
    ReplaceStatus,
    /// <summary>Applies <see cref="Mutation.Transform"/> to the current object (metadata and spec) inside the transaction: no lost updates, no 409.</summary>
    Patch,
    /// <summary>Applies <see cref="Mutation.Transform"/> to the current status (the argument may be an empty object).</summary>
    PatchStatus,
    /// <summary>Removes the object, or sets deletionTimestamp while finalizers remain.</summary>
    Delete,
}

/// <summary>
/// One write. A batch of mutations is one LiteDB transaction: all land or none.
/// <see cref="ExpectedResourceVersion"/>, when set, must equal the stored one (else 409 Conflict).
/// </summary>
public sealed record Mutation(MutationType Type, ObjectKey Key, JsonObject? Object = null, long? ExpectedResourceVersion = null, Func<JsonObject, JsonObject>? Transform = null)
{
    /// <summary>For Delete: go ahead although Services still use the Secret (they then fail as SecretNotFound).</summary>
    public bool Force { get; init; }

    public static Mutation Create(ObjectKey key, JsonObject obj) => new(MutationType.Create, key, obj);
    public static Mutation Replace(ObjectKey key, JsonObject obj, long? expected = null) => new(MutationType.Replace, key, obj, expected);
    public static Mutation ReplaceStatus(ObjectKey key, JsonObject status, long? expected = null) => new(MutationType.ReplaceStatus, key, status, expected);
    public static Mutation Patch(ObjectKey key, Func<JsonObject, JsonObject> transform, long? expected = null) => new(MutationType.Patch, key, null, expected, transform);
    public static Mutation PatchStatus(ObjectKey key, Func<JsonObject, JsonObject> transform) => new(MutationType.PatchStatus, key, null, null, transform);
    public static Mutation Delete(ObjectKey key, long? expected = null, bool force = false) => new(MutationType.Delete, key, null, expected) { Force = force };
}
