using Homelab.Api;
using Homelab.Api.Resources;
using Homelab.Operator.Runtime;
using Homelab.Store;

namespace Homelab.Operator;

/// <summary>Settings of one controller, given in <c>AddController</c>; validated when the operator starts.</summary>
public sealed class ControllerOptions
{
    private readonly List<SecondaryWatch> _watches = [];

    /// <summary>Names the controller in logs, events (their source) and the default finalizer. Defaults to the class name in kebab case.</summary>
    public string Name { get; set; } = "";

    /// <summary>How many keys are reconciled at once (never two for the same key).</summary>
    public int Workers { get; set; } = 1;

    /// <summary>The finalizer this controller owns; null means <c>homelab.dev/&lt;name&gt;</c>.</summary>
    public string? Finalizer { get; set; }

    /// <summary>Off: no finalizer is added and FinalizeAsync is never called (for controllers with nothing to clean up).</summary>
    public bool UseFinalizer { get; set; } = true;

    public string EffectiveFinalizer => Finalizer ?? $"{ApiGroup.Group}/{Name}";

    internal IReadOnlyList<SecondaryWatch> SecondaryWatches => _watches;

    internal List<Type> ExternalWatches { get; } = [];

    internal bool IsAggregate { get; set; }

    /// <summary>
    /// Also reconcile when objects of <typeparamref name="T"/> change: <paramref name="mapper"/> names the keys to enqueue.
    /// Status-only changes count only with <paramref name="includeStatus"/>. Deletes pass the object's last state.
    /// </summary>
    public ControllerOptions Watches<T>(Func<StoredObject, IEnumerable<ObjectKey>> mapper, bool includeStatus = false) where T : Resource
    {
        ArgumentNullException.ThrowIfNull(mapper);
        return Watches<T>((changed, _) => mapper(changed), includeStatus);
    }

    /// <summary>As <see cref="Watches{T}(Func{StoredObject, IEnumerable{ObjectKey}}, bool)"/>, for mappers that must read other objects (which policies select this Service?).</summary>
    public ControllerOptions Watches<T>(Func<StoredObject, IResourceClient, IEnumerable<ObjectKey>> mapper, bool includeStatus = false) where T : Resource
    {
        ArgumentNullException.ThrowIfNull(mapper);
        _watches.Add(new SecondaryWatch(ResourceKeys.KindOf<T>(), mapper, includeStatus));
        return this;
    }

    /// <summary>
    /// Also reconcile the keys that <typeparamref name="TWatch"/> (resolved from DI: register it too) reports; for an
    /// <see cref="IAggregateController"/>, any key triggers its one reconcile.
    /// </summary>
    public ControllerOptions WatchesExternal<TWatch>() where TWatch : class, IExternalWatch
    {
        ExternalWatches.Add(typeof(TWatch));
        return this;
    }

    /// <summary>For an <see cref="IAggregateController"/>: any change of <typeparamref name="T"/> triggers its one reconcile.</summary>
    public ControllerOptions Watches<T>(bool includeStatus = false) where T : Resource
    {
        _watches.Add(new SecondaryWatch(ResourceKeys.KindOf<T>(), null, includeStatus));
        return this;
    }
}
