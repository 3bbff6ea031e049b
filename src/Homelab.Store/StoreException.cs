using Homelab.Api.Serialization;

namespace Homelab.Store;

/// <summary>A refused operation, carrying the HTTP code and Kubernetes reason the API answers with.</summary>
public sealed class StoreException(int code, string reason, string message, IReadOnlyList<StatusCause>? causes = null) : Exception(message)
{
    public int Code { get; } = code;
    public string Reason { get; } = reason;
    public IReadOnlyList<StatusCause>? Causes { get; } = causes;

    /// <summary>The object refused, so a client applying many can say which of its documents it was.</summary>
    public ObjectKey? Object { get; init; }

    /// <summary>As kube-apiserver words it for a custom resource: <c>services.homelab.dev "web" not found</c>.</summary>
    public static StoreException NotFound(ObjectKey key) =>
        new(404, StatusReasons.NotFound, $"{Homelab.Api.Resources.ResourceKinds.ByKind(key.Kind)?.Plural ?? key.Kind.ToLowerInvariant()}.{Homelab.Api.ApiGroup.Group} \"{key.Name}\" not found") { Object = key };
    public static StoreException AlreadyExists(ObjectKey key) => new(409, StatusReasons.AlreadyExists, $"{key.Kind.ToLowerInvariant()} \"{key.Name}\" already exists");
    public static StoreException Conflict(ObjectKey key, long expected, long actual) =>
        new(409, StatusReasons.Conflict, $"Operation cannot be fulfilled on {key.Kind.ToLowerInvariant()} \"{key.Name}\": the object has been modified (resourceVersion {expected} is stale, current is {actual}); please apply your changes to the latest version and try again");
    public static StoreException Gone(long requested, long compacted) =>
        new(410, StatusReasons.Gone, $"too old resource version: {requested} (compacted up to {compacted})");
    public static StoreException Invalid(ObjectKey key, IReadOnlyList<StatusCause> causes) =>
        new(422, StatusReasons.Invalid, $"{key.Kind} \"{key.Name}\" is invalid: {string.Join("; ", causes.Select(c => $"{c.Field}: {c.Message}"))}", causes) { Object = key };
    public static StoreException Forbidden(ObjectKey key, string why, IReadOnlyList<StatusCause> causes) =>
        new(403, StatusReasons.Forbidden, $"{key.Kind.ToLowerInvariant()} \"{key.Name}\" is forbidden: {why}", causes) { Object = key };
}
