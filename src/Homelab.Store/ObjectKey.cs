namespace Homelab.Store;

/// <summary>Identifies one object: kind, namespace ("" for cluster-scoped kinds) and name.</summary>
public readonly record struct ObjectKey(string Kind, string Namespace, string Name)
{
    /// <summary>The LiteDB key: kind/namespace/name.</summary>
    public override string ToString() => $"{Kind}/{Namespace}/{Name}";
}
