using System.Text.Json.Nodes;
using Homelab.Api.Resources;

namespace Homelab.Cli.Export;

/// <summary>
/// healthCheck → an exec probe, used for readiness (Homelab's Ready) and liveness (Kubernetes' habit: kubelet restarts a
/// container whose check keeps failing, where Homelab only reports it).
/// </summary>
internal static class ProbeMapping
{
    public static JsonObject Map(HealthCheck health, WarningScope warnings, UnexpressedFields unexpressed)
    {
        var probe = new JsonObject { ["exec"] = new JsonObject { ["command"] = Strings(health.Command) } };
        Duration(probe, "initialDelaySeconds", health.StartPeriod, "startPeriod", warnings, unexpressed);
        Duration(probe, "periodSeconds", health.Interval, "interval", warnings, unexpressed);
        Duration(probe, "timeoutSeconds", health.Timeout, "timeout", warnings, unexpressed);
        if (health.Timeout is null)
        {
            warnings.Add("spec.healthCheck.timeout", "not set: Podman gives a check 30s, Kubernetes 1s; set it to keep a slow check from failing");
        }
        if (health.Retries is { } retries)
        {
            probe["failureThreshold"] = retries;
        }
        return probe;
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
