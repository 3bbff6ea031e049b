namespace Homelab.Cli.Tests.Reliability.Load;

/// <summary>
/// A namespace's objects by name and revision, moved forward one watch event at a time. Replaying a watch over the list
/// it started from must arrive at the list read at the end: a lost, repeated or misplaced event cannot.
/// </summary>
internal sealed class ObjectLedger(IEnumerable<(string Name, long Revision)> listed)
{
    private readonly Dictionary<string, long> _revisions = listed.ToDictionary(o => o.Name, o => o.Revision, StringComparer.Ordinal);

    /// <summary>Names and revisions in name order, to compare with a list.</summary>
    public IEnumerable<(string Name, long Revision)> Objects => _revisions.Select(p => (p.Key, p.Value)).OrderBy(p => p.Key, StringComparer.Ordinal);

    /// <summary>Null when the change fits the objects as they stand; otherwise what does not fit.</summary>
    public string? Apply(WatchedChange change)
    {
        var exists = _revisions.ContainsKey(change.Name);
        switch (change.Type)
        {
            case WatchedChange.Added when !exists:
            case WatchedChange.Modified when exists:
                _revisions[change.Name] = change.Revision;
                return null;
            case WatchedChange.Deleted when exists:
                _revisions.Remove(change.Name);
                return null;
            default:
                return $"{change.Type} {change.Name} at revision {change.Revision}, which {(exists ? "existed" : "did not exist")}";
        }
    }
}
