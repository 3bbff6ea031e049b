using System.Text.Json.Nodes;
using Homelab.Api.Resources;
using Homelab.Api.Serialization;

namespace Homelab.Translation.Export;

/// <summary>
/// A NetworkPolicy maps 1:1: serviceSelector → podSelector over the same labels (pods carry their Service's labels),
/// namespace names through kubernetes.io/metadata.name, ipBlocks and ports as they are. Egress policies get one more
/// rule that allows cluster DNS, which Homelab always allows.
/// </summary>
internal static class NetworkPolicyExporter
{
    public static JsonObject Export(NetworkPolicy policy, YamlComments comments)
    {
        var spec = HomelabJson.ToNode(policy)["spec"]!.AsObject();
        var result = new JsonObject { ["podSelector"] = spec["serviceSelector"]?.DeepClone() ?? new JsonObject() };
        if (spec["policyTypes"] is { } types)
        {
            result["policyTypes"] = types.DeepClone();
        }
        if (spec["ingress"] is JsonArray ingress)
        {
            result["ingress"] = Rules(ingress, "from");
        }
        var egress = spec["egress"] is JsonArray rules ? Rules(rules, "to") : null;
        if (policy.Spec.PolicyTypes?.Contains(PolicyTypes.Egress) == true)
        {
            egress ??= [];
            var dns = KubernetesConventions.DnsEgressRule();
            comments.Add(dns, "added by hlctl export: Homelab always lets a Service resolve names, Kubernetes only when egress allows cluster DNS");
            egress.Add((JsonNode)dns);
        }
        if (egress is not null)
        {
            result["egress"] = egress;
        }
        var document = MetadataMapping.Object("networking.k8s.io/v1", "NetworkPolicy", policy.Name, policy.Namespace,
            MetadataMapping.Labels(policy.Metadata), MetadataMapping.Annotations(policy.Metadata));
        document["spec"] = result;
        return document;
    }

    private static JsonArray Rules(JsonArray rules, string peersField)
    {
        var result = (JsonArray)rules.DeepClone();
        foreach (var peer in result.OfType<JsonObject>().SelectMany(r => r[peersField] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (peer.Remove("serviceSelector", out var selector))
            {
                peer["podSelector"] = selector;
            }
            NamespaceSelectors.ToKubernetes(peer["namespaceSelector"]);
        }
        return result;
    }
}
