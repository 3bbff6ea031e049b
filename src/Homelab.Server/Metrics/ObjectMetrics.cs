using System.Diagnostics.Metrics;
using Homelab.Api.Meta;
using Homelab.Server.Dashboard;
using Homelab.Store;

namespace Homelab.Server.Metrics;

/// <summary>
/// kube-state-metrics-style gauges, read from the store when scraped: what each Service's status says (info with image
/// and digest, conditions, restarts, health, update available, rollbacks), each Route's conditions and certificate expiry
/// (as cert-manager's certmanager_certificate_expiration_timestamp_seconds), and the store's revision.
/// </summary>
internal sealed class ObjectMetrics : IMetricsSource
{
    public const string MeterName = "Homelab.Objects";

    private static readonly string[] ConditionValues = [ConditionStatus.True, ConditionStatus.False, ConditionStatus.Unknown];

    private readonly ServiceSummaries _summaries;

    public ObjectMetrics(IMeterFactory meterFactory, ServiceSummaries summaries, IResourceStore store)
    {
        _summaries = summaries;
        var meter = meterFactory.Create(MeterName);
        meter.CreateObservableGauge("homelab_service_info", () => Each(s => [Point(1, s, ("image", s.Service.Spec.Image), ("digest", s.Service.Status?.ImageDigest ?? ""))]),
            description: "Information about a Service: its image reference and the digest that runs");
        meter.CreateObservableGauge("homelab_service_status_condition", () => Each(Conditions),
            description: "The condition of a Service, one series per condition and status (1 for the current status)");
        meter.CreateObservableCounter("homelab_service_container_restarts_total", () => Each(s => [Point(s.Restarts, s)]),
            description: "Restarts of the Service's container (status.restartCount)");
        meter.CreateObservableGauge("homelab_service_health_status", () => Each(s => ServiceSummary.HealthStates.Select(h => Point(h == s.Health ? 1 : 0, s, ("status", h)))),
            description: "The health of a Service (healthy, unhealthy, starting, or none without a health check); 1 for the current one");
        meter.CreateObservableGauge("homelab_update_available", () => Each(s => s.UpdatePolicy is null ? [] : [Point(s.AvailableImage is null ? 0 : 1, s)]),
            description: "1 when an UpdatePolicy found a newer image for the Service than the one it runs");
        meter.CreateObservableCounter("homelab_update_rollbacks_total", () => Each(s => s.UpdatePolicy is null ? [] : [Point(s.Rollbacks, s)]),
            description: "Updates of the Service that failed the health gate and were rolled back (kept in its update history)");
        meter.CreateObservableGauge("homelab_route_status_condition", () => _summaries.Routes().SelectMany(r => Conditions(r.Route.Status?.Conditions, RouteLabels(r))),
            description: "The condition of a Route, one series per condition and status (1 for the current status)");
        meter.CreateObservableGauge("homelab_route_certificate_expiry_timestamp_seconds",
            () => _summaries.Routes().SelectMany(r => r.NotAfter is { } notAfter ? [Point(notAfter.ToUnixTimeSeconds(), RouteLabels(r))] : Array.Empty<Measurement<long>>()),
            unit: "s", description: "When the certificate the proxy serves for a Route expires (notAfter), in seconds since the Unix epoch");
        meter.CreateObservableGauge("homelab_store_revision", () => store.Revision, description: "The store's current revision");
    }

    private IEnumerable<Measurement<long>> Each(Func<ServiceSummary, IEnumerable<Measurement<long>>> points) =>
        _summaries.List().SelectMany(points);

    private static IEnumerable<Measurement<long>> Conditions(ServiceSummary summary) => Conditions(summary.Service.Status?.Conditions, ServiceLabels(summary));

    private static IEnumerable<Measurement<long>> Conditions(IReadOnlyList<Condition>? conditions, (string Key, string Value)[] labels) =>
        (conditions ?? []).SelectMany(c => ConditionValues.Select(v =>
            Point(string.Equals(c.Status, v, StringComparison.OrdinalIgnoreCase) ? 1 : 0, [.. labels, ("condition", c.Type), ("status", v.ToLowerInvariant())])));

    private static (string, string)[] ServiceLabels(ServiceSummary summary) => [("namespace", summary.Namespace), ("service", summary.Name)];

    private static (string, string)[] RouteLabels(RouteSummary route) => [("namespace", route.Namespace), ("route", route.Name)];

    private static Measurement<long> Point(long value, ServiceSummary summary, params (string Key, string Value)[] extra) =>
        Point(value, [.. ServiceLabels(summary), .. extra]);

    private static Measurement<long> Point(long value, (string Key, string Value)[] labels) =>
        new(value, labels.Select(l => new KeyValuePair<string, object?>(l.Key, l.Value)).ToArray());
}
