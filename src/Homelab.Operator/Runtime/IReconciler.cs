using Homelab.Store;

namespace Homelab.Operator.Runtime;

/// <summary>Turns one queue key into one reconcile. Never throws for a controller's failure: it returns it.</summary>
internal interface IReconciler
{
    /// <param name="resync">For aggregate controllers, see <see cref="IAggregateController.ReconcileAllAsync"/>; objects ignore it.</param>
    Task<ReconcileResult> ReconcileAsync(ObjectKey key, bool resync, CancellationToken cancellationToken);
}
