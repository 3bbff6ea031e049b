using System.Text.Json.Nodes;
using Homelab.Api.Resources;
using Homelab.Api.Serialization;
using Homelab.Api.Validation;
using Homelab.Api.Values;
using Homelab.Translation.Export;

namespace Homelab.Cli.Tests.Import;

/// <summary>
/// A resource as homelabd would store it, with each thing that has two spellings in one of them: this is what "equal
/// specs" means for a round trip. Defaults are filled in; durations and sizes are compared by value ("60s" is "1m");
/// capabilities by their normalized name; a default mode or claim size said in so many words is the default; an empty
/// list or object is the same as none; the order of a map's keys does not matter.
/// </summary>
internal static class Canonical
{
    public static string Of(Resource resource)
    {
        var copy = HomelabJson.ToResource((JsonObject)HomelabJson.ToNode(resource).DeepClone());
        ResourceDefaults.Apply(copy);
        if (copy is Service { Spec: { } spec } service)
        {
            Normalize(spec);
            var sizes = service.Metadata.Annotations?.Where(a => a.Key.StartsWith(KubernetesConventions.VolumeSizePrefix, StringComparison.Ordinal)
                && Quantity.Parse(a.Value) == Quantity.Parse(KubernetesConventions.DefaultVolumeSize)).Select(a => a.Key).ToList() ?? [];
            sizes.ForEach(key => service.Metadata.Annotations!.Remove(key));
        }
        var node = HomelabJson.ToNode(copy);
        node.Remove("status");
        return Tidy(node)!.ToJsonString();
    }

    private static void Normalize(ServiceSpec spec)
    {
        spec.StopGracePeriod = Duration(spec.StopGracePeriod);
        if (spec.HealthCheck is { } health)
        {
            health.Interval = Duration(health.Interval);
            health.Timeout = Duration(health.Timeout);
            health.StartPeriod = Duration(health.StartPeriod);
        }
        if (spec.Resources is { Memory: { } memory } resources)
        {
            resources.Memory = Quantity.Parse(memory).Bytes.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        if (spec.SecurityContext?.Capabilities?.Add is { } added)
        {
            spec.SecurityContext.Capabilities.Add = [.. added.Select(LinuxCapabilities.Normalize)];
        }
        foreach (var secret in spec.Secrets ?? [])
        {
            secret.DefaultMode = secret.DefaultMode == "0400" ? null : secret.DefaultMode;
        }
    }

    private static string? Duration(string? text) => text is null ? null : Api.Values.Duration.Parse(text).ToString();

    /// <summary>Drops empty objects and lists, and orders keys (labels are maps, whose order means nothing).</summary>
    private static JsonNode? Tidy(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                var tidy = new JsonObject();
                foreach (var (key, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal).ToList())
                {
                    obj.Remove(key);
                    if (Tidy(value) is { } kept)
                    {
                        tidy[key] = kept;
                    }
                }
                return tidy.Count == 0 ? null : tidy;
            case JsonArray array:
                // Items stay even when empty: an empty ingress rule allows everything.
                var items = array.Select(item => Tidy(item) ?? (item is JsonObject ? new JsonObject() : null)).ToList();
                array.Clear();
                return items.Count == 0 ? null : new JsonArray([.. items]);
            default:
                return node;
        }
    }
}
