using Homelab.Api.Meta;
using Homelab.Api.Resources;

namespace Homelab.Server.Dashboard;

/// <summary>
/// One Service as the status pages and the object metrics show it: its stored spec and status, plus what the
/// UpdatePolicies report about it and the Routes that send traffic to it. A read model only; nothing here is written back.
/// </summary>
internal sealed record ServiceSummary(Service Service, ServiceUpdateStatus? Update, string? UpdatePolicy, IReadOnlyList<RouteSummary> Routes)
{
    public string Namespace => Service.Metadata.Namespace ?? "";

    public string Name => Service.Metadata.Name;

    public Condition? Ready => Service.Status?.GetCondition(ConditionTypes.Ready);

    public bool IsReady => Ready?.Status == ConditionStatus.True;

    public int Restarts => Service.Status?.RestartCount ?? 0;

    /// <summary>healthy, unhealthy, starting, or none (no health check; then Ready alone tells).</summary>
    public string Health => Service.Spec.HealthCheck is not { Command.Count: > 0 }
        ? HealthNone
        : Ready switch
        {
            { Status: ConditionStatus.True } => "healthy",
            { Reason: "Unhealthy" } => "unhealthy",
            _ => "starting",
        };

    /// <summary>The image a policy found newer than the one running, or null.</summary>
    public string? AvailableImage => Update?.AvailableImage is { Length: > 0 } available && available != Service.Spec.Image ? available : null;

    public int Rollbacks => Update?.History?.Count(h => h.Result == "RolledBack") ?? 0;

    public UpdateOutcome? LastUpdate => Update?.History is { Count: > 0 } history ? history.MaxBy(h => h.Time) : null;

    public const string HealthNone = "none";

    public static readonly string[] HealthStates = ["healthy", "unhealthy", "starting", HealthNone];
}
