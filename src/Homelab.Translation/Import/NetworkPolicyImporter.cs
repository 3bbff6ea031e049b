using System.Text.Json.Nodes;
using Homelab.Api;
using Homelab.Api.Merge;
using Homelab.Translation.Export;

namespace Homelab.Translation.Import;

/// <summary>The reverse of <see cref="NetworkPolicyExporter"/>: podSelector → serviceSelector, the namespace label back
/// to homelab.dev/namespace, and the DNS rule export adds is dropped (Homelab allows DNS anyway).</summary>
internal static class NetworkPolicyImporter
{
    public static JsonObject Import(KubernetesObjects.Entry policy)
    {
        policy.Used = true;
        var metadata = Take.Object(policy.Object, "metadata");
        var spec = Take.Object(policy.Object, "spec");
        var result = new JsonObject { ["serviceSelector"] = Take.Node(spec, "podSelector") ?? new JsonObject() };
        if (Take.Node(spec, "policyTypes") is { } types)
        {
            result["policyTypes"] = types;
        }
        if (Take.Node(spec, "ingress") is JsonArray ingress)
        {
            result["ingress"] = Rules(ingress, "from");
        }
        if (Take.Node(spec, "egress") is JsonArray egress)
        {
            var dns = KubernetesConventions.DnsEgressRule();
            var rules = Rules(new JsonArray([.. egress.Where(r => !JsonCanonical.DeepEquals(r, dns)).Select(r => r?.DeepClone())]), "to");
            if (rules.Count > 0)
            {
                result["egress"] = rules;
            }
        }
        return new JsonObject { ["apiVersion"] = ApiGroup.ApiVersion, ["kind"] = "NetworkPolicy", ["metadata"] = ImportedMetadata.Of(policy, metadata), ["spec"] = result };
    }

    private static JsonArray Rules(JsonArray rules, string peersField)
    {
        foreach (var peer in rules.OfType<JsonObject>().SelectMany(r => r[peersField] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (peer.Remove("podSelector", out var selector))
            {
                peer["serviceSelector"] = selector;
            }
            NamespaceSelectors.ToHomelab(peer["namespaceSelector"]);
        }
        return rules;
    }
}
