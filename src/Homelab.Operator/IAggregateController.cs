namespace Homelab.Operator;

/// <summary>
/// A controller whose output is one artefact built from many objects (the nftables table from every Service, Namespace
/// and NetworkPolicy). It has no per-object key: every change of a watched kind collapses into one queue entry, so a
/// burst of changes costs one <see cref="ReconcileAllAsync"/>. Register it with
/// <c>AddAggregateController&lt;T&gt;(c =&gt; c.Watches&lt;Service&gt;())</c>.
/// </summary>
/// <remarks>
/// There is no object to put a condition on, so a failure is logged and retried with backoff; a controller that wants
/// users to see why should write conditions or events on the objects it read, through <see cref="IResourceClient"/>.
/// Finalizers do not apply: deletes are just another change to the whole desired state.
/// </remarks>
public interface IAggregateController
{
    Task<ReconcileResult> ReconcileAllAsync(CancellationToken cancellationToken);
}
