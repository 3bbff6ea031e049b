using Homelab.Api.Resources;

namespace Homelab.Operator;

/// <summary>
/// A level-triggered controller for one kind. The framework calls <see cref="ReconcileAsync"/> with the object as it is
/// now; the controller makes the world match and returns what should happen next. Never two calls for one key at once.
/// </summary>
public interface IController<in T> where T : Resource
{
    Task<ReconcileResult> ReconcileAsync(T resource, CancellationToken cancellationToken);

    /// <summary>
    /// Called once the object has a deletionTimestamp and still carries this controller's finalizer. On success the
    /// framework removes the finalizer, and the store deletes the object when no finalizer remains.
    /// </summary>
    Task<ReconcileResult> FinalizeAsync(T resource, CancellationToken cancellationToken);
}
