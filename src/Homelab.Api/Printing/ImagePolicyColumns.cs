using System.Text.Json.Nodes;
using Homelab.Api.Resources;

namespace Homelab.Api.Printing;

/// <summary>NAME NAMESPACES REGISTRIES SIGNED DIGEST AGE: what an ImagePolicy governs and demands, at a glance.</summary>
public sealed class ImagePolicyColumns : IKindColumns
{
    public IReadOnlyList<string> Headers(bool wide) => ["NAME", "NAMESPACES", "REGISTRIES", "SIGNED", "DIGEST", "AGE"];

    public IReadOnlyList<string> Cells(JsonObject obj, bool wide, DateTimeOffset now)
    {
        var policy = LenientJson.To<ImagePolicy>(obj);
        var spec = policy.Spec;
        return
        [
            policy.Name,
            spec.NamespaceSelector is null ? "*" : SelectorText.Format(spec.NamespaceSelector),
            spec.AllowedRegistries is { Count: > 0 } registries ? string.Join(",", registries) : "*",
            spec.Signatures is { Count: > 0 } signatures ? string.Join(",", signatures.Select(s => s.Scope)) : "<none>",
            spec.RequireDigest == true ? "required" : "optional",
            Age.Since(policy.Metadata.CreationTimestamp, now),
        ];
    }
}
