namespace Homelab.Operator.Runtime;

/// <summary>How an object changed, as far as controllers care.</summary>
internal enum ChangeKind
{
    Added,
    /// <summary>Spec (generation), labels, annotations, finalizers or deletionTimestamp changed.</summary>
    SpecOrMetadata,
    /// <summary>Only status moved: a controller's own write, which must not retrigger it.</summary>
    StatusOnly,
    Deleted,
}
