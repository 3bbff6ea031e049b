using System.Text.Json.Nodes;

namespace Homelab.Translation.Export;

/// <summary>What a Service's volumes, configFiles and devices become: pod volumes, the container's mounts, claims, a ConfigMap.</summary>
internal sealed class PodStorage
{
    public JsonArray Volumes { get; } = [];
    public JsonArray Mounts { get; } = [];
    public List<JsonObject> Claims { get; } = [];
    public JsonObject? ConfigMap { get; set; }
}
