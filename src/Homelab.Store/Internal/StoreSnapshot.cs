using System.Collections.Immutable;

namespace Homelab.Store.Internal;

/// <summary>
/// Everything committed, as of one revision. Immutable: a commit builds the next snapshot and swaps it in, so readers
/// never lock and never see half a batch.
/// </summary>
internal sealed class StoreSnapshot
{
    private static readonly ImmutableSortedDictionary<NamespacedName, StoredObject> EmptyKind =
        ImmutableSortedDictionary.Create<NamespacedName, StoredObject>(NamespacedNameComparer.Instance);

    private readonly ImmutableDictionary<string, ImmutableSortedDictionary<NamespacedName, StoredObject>> _kinds;

    private StoreSnapshot(ImmutableDictionary<string, ImmutableSortedDictionary<NamespacedName, StoredObject>> kinds, long revision)
    {
        _kinds = kinds;
        Revision = revision;
    }

    public static StoreSnapshot Empty { get; } = new(ImmutableDictionary.Create<string, ImmutableSortedDictionary<NamespacedName, StoredObject>>(StringComparer.Ordinal), 0);

    public long Revision { get; }

    public StoredObject? Get(ObjectKey key) =>
        _kinds.TryGetValue(key.Kind, out var objects) && objects.TryGetValue(new NamespacedName(key.Namespace, key.Name), out var obj) ? obj : null;

    /// <summary>One kind, sorted by namespace then name.</summary>
    public IEnumerable<StoredObject> OfKind(string kind) => _kinds.TryGetValue(kind, out var objects) ? objects.Values : [];

    public IEnumerable<StoredObject> All() => _kinds.Keys.Order(StringComparer.Ordinal).SelectMany(OfKind);

    public int Count => _kinds.Values.Sum(k => k.Count);

    public IEnumerable<StoredObject> InNamespace(string ns) => _kinds.Values.SelectMany(k => k.Values).Where(o => o.Key.Namespace == ns);

    /// <summary>The next snapshot: <paramref name="changes"/> applied in order (DELETED removes), at <paramref name="revision"/>.</summary>
    public StoreSnapshot With(IEnumerable<WatchEvent> changes, long revision)
    {
        var builders = new Dictionary<string, ImmutableSortedDictionary<NamespacedName, StoredObject>.Builder>(StringComparer.Ordinal);
        foreach (var change in changes)
        {
            var key = change.Object.Key;
            if (!builders.TryGetValue(key.Kind, out var builder))
            {
                builder = (_kinds.TryGetValue(key.Kind, out var existing) ? existing : EmptyKind).ToBuilder();
                builders[key.Kind] = builder;
            }
            var name = new NamespacedName(key.Namespace, key.Name);
            if (change.Type == WatchEventTypes.Deleted)
            {
                builder.Remove(name);
            }
            else
            {
                builder[name] = change.Object;
            }
        }
        var kinds = _kinds;
        foreach (var (kind, builder) in builders)
        {
            kinds = kinds.SetItem(kind, builder.ToImmutable());
        }
        return new StoreSnapshot(kinds, revision);
    }

    internal readonly record struct NamespacedName(string Namespace, string Name);

    private sealed class NamespacedNameComparer : IComparer<NamespacedName>
    {
        public static readonly NamespacedNameComparer Instance = new();

        public int Compare(NamespacedName x, NamespacedName y)
        {
            var byNamespace = string.CompareOrdinal(x.Namespace, y.Namespace);
            return byNamespace != 0 ? byNamespace : string.CompareOrdinal(x.Name, y.Name);
        }
    }
}
