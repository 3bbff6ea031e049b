using System.Diagnostics.Metrics;
using Homelab.Api.Meta;
using Homelab.Server.Dashboard;
using Homelab.Store;

namespace Homelab.Server.Metrics;

/// <summary>
/// kube-state-metrics-style gauges, read from the store when scraped: what each Service's status says (info with image
/// and digest, conditions, restarts, health, update available, rollbacks) and the store's revision.
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
        meter.CreateObservableGauge("homelab_store_revision", () => store.Revision, description: "The store's current revision");
    }

    private IEnumerable<Measurement<long>> Each(Func<ServiceSummary, IEnumerable<Measurement<long>>> points) =>
        _summaries.List().SelectMany(points);

    private static IEnumerable<Measurement<long>> Conditions(ServiceSummary summary) =>
        (summary.Service.Status?.Conditions ?? []).SelectMany(c => ConditionValues.Select(v =>
            Point(string.Equals(c.Status, v, StringComparison.OrdinalIgnoreCase) ? 1 : 0, summary, ("condition", c.Type), ("status", v.ToLowerInvariant()))));

    private static Measurement<long> Point(long value, ServiceSummary summary, params (string Key, string Value)[] extra)
    {
        var tags = new KeyValuePair<string, object?>[2 + extra.Length];
        tags[0] = new("namespace", summary.Namespace);
        tags[1] = new("service", summary.Name);
        for (var i = 0; i < extra.Length; i++)
        {
            tags[2 + i] = new(extra[i].Key, extra[i].Value);
        }
        return new Measurement<long>(value, tags);
    }
}
