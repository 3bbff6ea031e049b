namespace Homelab.Store;

/// <summary>
/// What admission may see and say beyond the object it admits: the other objects as this batch would leave them (a
/// Namespace's levels, the Services a relabelled Namespace holds), and verdicts that do not refuse the write — warnings
/// for the client (HTTP Warning headers) and audit notes, recorded as events on the object once the batch commits.
/// </summary>
public interface IAdmissionContext
{
    StoredObject? Get(ObjectKey key);

    /// <summary>
    /// Objects of <paramref name="kind"/> in namespace <paramref name="ns"/> ("" for cluster-scoped kinds, null for
    /// every namespace), as the batch would leave them.
    /// </summary>
    IEnumerable<StoredObject> List(string kind, string? ns);

    void Warn(string message);

    void Audit(string reason, string message);
}
