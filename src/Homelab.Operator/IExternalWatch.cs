using Homelab.Store;

namespace Homelab.Operator;

/// <summary>
/// Reconcile requests from outside the store: what happens in the world a controller manages (a container died). Like
/// controller-runtime's channel source. Add one with <c>c.WatchesExternal&lt;T&gt;()</c>; the framework reads it while the
/// controller runs (not in the TestKit's run-until-idle mode, which has no background loops).
/// </summary>
public interface IExternalWatch
{
    /// <summary>
    /// Keys to reconcile, as things happen, until cancelled. When the sequence ends or throws, the framework opens it again
    /// after <see cref="OperatorOptions.WatchRestartDelay"/> (doubling while it keeps failing) and resyncs the controller, since anything may have been missed.
    /// </summary>
    IAsyncEnumerable<ObjectKey> WatchAsync(CancellationToken cancellationToken);
}
