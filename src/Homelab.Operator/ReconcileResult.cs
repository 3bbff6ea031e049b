namespace Homelab.Operator;

/// <summary>What a reconcile asks for next: nothing, a requeue after a delay, or a retry with backoff after a failure.</summary>
public sealed record ReconcileResult
{
    private ReconcileResult()
    {
    }

    public bool IsSuccess => FailureReason is null;
    public TimeSpan? RequeueAfter { get; private init; }
    /// <summary>CamelCase reason, written into Ready=False by the framework.</summary>
    public string? FailureReason { get; private init; }
    public string? FailureMessage { get; private init; }
    /// <summary>A failure that retrying cannot fix (for example, invalid input); not retried until the object changes.</summary>
    public bool IsTerminal { get; private init; }

    public static readonly ReconcileResult Success = new();

    public static ReconcileResult Requeue(TimeSpan after) => new() { RequeueAfter = after };

    /// <summary>Retried with capped exponential backoff unless <paramref name="terminal"/>; <paramref name="retryAfter"/> overrides the backoff.</summary>
    public static ReconcileResult Failure(string reason, string message, TimeSpan? retryAfter = null, bool terminal = false) =>
        new() { FailureReason = reason, FailureMessage = message, RequeueAfter = retryAfter, IsTerminal = terminal };
}
