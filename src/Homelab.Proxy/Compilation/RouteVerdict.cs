namespace Homelab.Proxy.Compilation;

/// <summary>What compilation found for one Route: the conditions it reports, and its URL.</summary>
public sealed record RouteVerdict(
    string Key,
    ConditionVerdict Accepted,
    ConditionVerdict ResolvedRefs,
    IReadOnlyList<ResolvedBackend> Backends,
    string? Url)
{
    /// <summary>Whether anything of the Route is in the config.</summary>
    public bool InConfig { get; init; }
}

public sealed record ConditionVerdict(bool Status, string Reason, string Message)
{
    public static ConditionVerdict Ok(string reason, string message) => new(true, reason, message);

    public static ConditionVerdict Fail(string reason, string message) => new(false, reason, message);
}

/// <summary>A backend reference resolved to a Service's container address and port.</summary>
public sealed record ResolvedBackend(string Namespace, string Service, int Port, string Dial);
