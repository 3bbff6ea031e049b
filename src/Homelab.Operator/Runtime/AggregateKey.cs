using Homelab.Store;

namespace Homelab.Operator.Runtime;

internal static class AggregateKey
{
    /// <summary>The one queue key of an aggregate controller: no object has an empty kind, so it cannot collide.</summary>
    public static ObjectKey For(string controllerName) => new("", "", controllerName);
}
