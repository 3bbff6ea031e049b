using Homelab.Store;

namespace Homelab.Operator.Runtime;

/// <summary>A kind a controller watches besides its own. A null mapper sends every change to the controller's one aggregate key.</summary>
internal sealed record SecondaryWatch(string Kind, Func<StoredObject, IResourceClient, IEnumerable<ObjectKey>>? Mapper, bool IncludeStatus);
