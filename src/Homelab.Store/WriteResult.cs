namespace Homelab.Store;

public enum WriteOutcome
{
    Created,
    Updated,
    /// <summary>Nothing differed: no revision was used, nothing was written.</summary>
    Unchanged,
    /// <summary>Finalizers remain: deletionTimestamp set, object still there.</summary>
    DeletionStarted,
    Deleted,
}

/// <summary>The result of one mutation: the object after the write (or, for Deleted, as it was last).</summary>
public sealed record WriteResult(WriteOutcome Outcome, StoredObject Object)
{
    /// <summary>What admission let through but wants the client told (a level the object would violate).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}
