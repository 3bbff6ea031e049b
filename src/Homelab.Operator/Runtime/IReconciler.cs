using Homelab.Store;

namespace Homelab.Operator.Runtime;

/// <summary>Turns one queue key into one reconcile. Never throws for a controller's failure: it returns it.</summary>
internal interface IReconciler
{
    Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken);
}
