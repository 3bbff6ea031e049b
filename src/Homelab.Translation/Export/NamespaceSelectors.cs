using System.Text.Json.Nodes;
using Homelab.Api;
using Homelab.Api.Serialization;

namespace Homelab.Translation.Export;

/// <summary>
/// Homelab labels every namespace homelab.dev/namespace=NAME; the apiserver labels every namespace
/// kubernetes.io/metadata.name=NAME. A namespaceSelector keeps its meaning when one key is swapped for the other.
/// </summary>
internal static class NamespaceSelectors
{
    public static void ToKubernetes(JsonNode? selector) => Rename(selector, ApiGroup.NamespaceNameLabel, KubernetesConventions.KubernetesNamespaceLabel);

    public static void ToHomelab(JsonNode? selector) => Rename(selector, KubernetesConventions.KubernetesNamespaceLabel, ApiGroup.NamespaceNameLabel);

    private static void Rename(JsonNode? selector, string from, string to)
    {
        if (selector?["matchLabels"] is JsonObject labels && labels.Remove(from, out var value))
        {
            labels[to] = value;
        }
        foreach (var expression in (selector?["matchExpressions"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (JsonText.String(expression["key"]) == from)
            {
                expression["key"] = to;
            }
        }
    }
}
