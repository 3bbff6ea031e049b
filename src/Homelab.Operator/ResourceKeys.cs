using Homelab.Api.Resources;
using Homelab.Store;

namespace Homelab.Operator;

/// <summary>Keys and kind names for typed resources, for mappers and tests.</summary>
public static class ResourceKeys
{
    public static string KindOf<T>() where T : Resource => KindOf(typeof(T));

    public static string KindOf(Type type) =>
        ResourceKinds.All.FirstOrDefault(k => k.ClrType == type)?.Kind
        ?? throw new ArgumentException($"{type.Name} is not a registered resource kind; known kinds: {string.Join(", ", ResourceKinds.All.Select(k => k.Kind))}", nameof(type));

    public static ObjectKey Of(Resource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        return new ObjectKey(resource.Kind, resource.Namespace, resource.Name);
    }

    public static ObjectKey Of<T>(string ns, string name) where T : Resource => new(KindOf<T>(), ns, name);
}
