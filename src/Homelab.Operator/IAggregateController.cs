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
    /// <param name="resync">
    /// True on the first run and when a periodic resync is among the causes of this run (or a failed run is retried): the
    /// time to look at the real world for drift. False when only watched objects changed, so a controller whose inputs are
    /// unchanged may trust what it last wrote.
    /// </param>
    Task<ReconcileResult> ReconcileAllAsync(bool resync, CancellationToken cancellationToken);
}
