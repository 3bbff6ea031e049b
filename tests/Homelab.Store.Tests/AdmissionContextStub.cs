namespace Homelab.Store.Tests;

/// <summary>An admission context with no other objects, keeping what admission said.</summary>
internal sealed class AdmissionContextStub : IAdmissionContext
{
    public Dictionary<ObjectKey, StoredObject> Objects { get; } = [];

    public List<string> Warnings { get; } = [];

    public List<(string Reason, string Message)> Audits { get; } = [];

    public StoredObject? Get(ObjectKey key) => Objects.GetValueOrDefault(key);

    public IEnumerable<StoredObject> List(string kind, string? ns) => Objects.Values.Where(o => o.Key.Kind == kind && (ns is null || o.Key.Namespace == ns));

    public void Warn(string message) => Warnings.Add(message);

    public void Audit(string reason, string message) => Audits.Add((reason, message));
}
