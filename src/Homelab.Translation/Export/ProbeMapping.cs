using System.Text.Json.Nodes;
using Homelab.Api.Resources;

namespace Homelab.Translation.Export;

/// <summary>
/// healthCheck → an exec probe, used for readiness (Homelab's Ready) and liveness (both kubelet and homelabd restart a
/// container whose check fails failureThreshold times in a row). Kubernetes' own names carry over as they are.
/// </summary>
internal static class ProbeMapping
{
    public static JsonObject Map(HealthCheck health, WarningScope warnings, UnexpressedFields unexpressed)
    {
        var probe = new JsonObject { ["exec"] = new JsonObject { ["command"] = Strings(health.Command) } };
        Timing(probe, "initialDelaySeconds", health.StartPeriodSeconds, health.StartPeriod, "startPeriod", warnings, unexpressed);
        Timing(probe, "periodSeconds", health.PeriodSeconds, health.Interval, "interval", warnings, unexpressed);
        Timing(probe, "timeoutSeconds", health.TimeoutSeconds, health.Timeout, "timeout", warnings, unexpressed);
        if (health.Timeout is null && health.TimeoutSeconds is null)
        {
            warnings.Add("spec.healthCheck.timeout", "not set: Podman gives a check 30s, Kubernetes 1s; set it to keep a slow check from failing");
        }
        if ((health.FailureThreshold ?? health.Retries) is { } threshold)
        {
            probe["failureThreshold"] = threshold;
        }
        return probe;
    }

    private static void Timing(JsonObject probe, string field, int? seconds, string? duration, string name, WarningScope warnings, UnexpressedFields unexpressed)
    {
        if (seconds is { } whole)
        {
            probe[field] = whole;
            return;
        }
        Duration(probe, field, duration, name, warnings, unexpressed);
    }

    private static void Duration(JsonObject probe, string field, string? value, string name, WarningScope warnings, UnexpressedFields unexpressed)
    {
        if (value is null)
        {
            return;
        }
        probe[field] = Seconds.From(value, out var exact);
        if (!exact)
        {
            unexpressed.Keep("healthCheck." + name);
            warnings.Add($"spec.healthCheck.{name}", $"{value} is not whole seconds: Kubernetes' {field} is {probe[field]}; kept in {KubernetesConventions.UnexpressedAnnotation}");
        }
    }

    public static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode)v)]);
}
