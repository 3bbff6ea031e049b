using System.Text.Json.Nodes;
using Homelab.Api.Serialization;
using Homelab.Cli.Apply;

namespace Homelab.Cli.Tests.Apply;

/// <summary>Builds desired and live objects the way apply sees them.</summary>
internal static class Manifests
{
    public static IReadOnlyList<DesiredObject> Load(string yaml, string? applySet = null) =>
        ManifestLoader.Load(YamlManifest.Parse(yaml, "test.yaml"), "default", applySet);

    public static string Service(string name, string image = "nginx:1.27", string labels = "{app: web}") => $"""
        apiVersion: homelab.dev/v1alpha1
        kind: Service
        metadata:
          name: {name}
          labels: {labels}
        spec:
          image: {image}
          ports:
            - containerPort: 80
        """;

    /// <summary>What the daemon would store after creating <paramref name="desired"/>: server fields and a defaulted port protocol.</summary>
    public static JsonObject Live(DesiredObject desired, long resourceVersion)
    {
        var live = (JsonObject)desired.Desired.DeepClone();
        var metadata = live["metadata"]!.AsObject();
        metadata["uid"] = Guid.NewGuid().ToString();
        metadata["resourceVersion"] = resourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);
        metadata["generation"] = 1;
        metadata["creationTimestamp"] = "2026-11-25T10:00:00Z";
        if (live["spec"]?["ports"] is JsonArray ports)
        {
            foreach (var port in ports.OfType<JsonObject>())
            {
                port["protocol"] ??= "TCP";
            }
        }
        live["status"] = new JsonObject { ["observedGeneration"] = 1 };
        return live;
    }
}
