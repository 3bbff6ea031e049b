namespace Homelab.Store;

/// <summary>
/// A Kubernetes-style event about one object. Repeats of the same (object, type, reason, message) are folded into one record
/// whose <see cref="Count"/> grows and <see cref="LastSeen"/> moves.
/// </summary>
public sealed record EventRecord
{
    public string Id { get; init; } = "";
    public ObjectKey InvolvedObject { get; init; }
    /// <summary>
    /// The involved object's uid when the event was recorded, if it existed: a same-named object made later is another
    /// object, and neither folds into nor shows the events of the one before.
    /// </summary>
    public string? InvolvedUid { get; init; }
    /// <summary>Normal or Warning.</summary>
    public string Type { get; init; } = "Normal";
    public string Reason { get; init; } = "";
    public string Message { get; init; } = "";
    /// <summary>Which component reported it, e.g. service-controller.</summary>
    public string Source { get; init; } = "";
    public int Count { get; init; } = 1;
    public DateTimeOffset FirstSeen { get; init; }
    public DateTimeOffset LastSeen { get; init; }
}
