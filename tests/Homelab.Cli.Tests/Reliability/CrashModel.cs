namespace Homelab.Cli.Tests.Reliability;

/// <summary>
/// What the store must hold, as the crash harness's writer saw it: every acknowledged batch applied, in order, and at
/// most one batch in flight whose outcome the kill made unknown. A batch is all-or-nothing, so after a restart the
/// store equals either the acknowledged state or that state with the in-flight batch applied — never anything between.
/// </summary>
internal sealed class CrashModel
{
    private readonly List<IReadOnlyDictionary<string, string>> _history = [new Dictionary<string, string>(StringComparer.Ordinal)];

    /// <summary>name → image of every Service after the last acknowledged batch.</summary>
    public IReadOnlyDictionary<string, string> Acknowledged => _history[^1];

    /// <summary>Every acknowledged state, oldest first: a store recovered from a torn log may fall back to one of them.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string>> History => _history;

    public IReadOnlyDictionary<string, string>? InFlight { get; private set; }

    public int Batches { get; private set; }

    public void Begin(IReadOnlyDictionary<string, string> after) => InFlight = after;

    public void Acknowledge()
    {
        _history.Add(InFlight ?? throw new InvalidOperationException("no batch in flight"));
        InFlight = null;
        Batches++;
    }

    /// <summary>Judges what the store holds after a restart; moves an in-flight batch that landed into the history.</summary>
    public Verdict Judge(IReadOnlyDictionary<string, string> stored)
    {
        var inFlight = InFlight;
        InFlight = null;
        if (Same(stored, Acknowledged))
        {
            return inFlight is null ? Verdict.Acknowledged : Verdict.InFlightLost;
        }
        if (inFlight is not null && Same(stored, inFlight))
        {
            _history.Add(inFlight);
            return Verdict.InFlightLanded;
        }
        return Verdict.Inconsistent;
    }

    public static bool Same(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b) =>
        a.Count == b.Count && a.All(p => b.TryGetValue(p.Key, out var v) && v == p.Value);

    public static string Describe(IReadOnlyDictionary<string, string> state) =>
        string.Join(", ", state.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));

    public enum Verdict
    {
        Acknowledged,
        InFlightLost,
        InFlightLanded,
        Inconsistent,
    }
}
