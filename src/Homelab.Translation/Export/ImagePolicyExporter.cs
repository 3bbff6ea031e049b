using Homelab.Api.Resources;

namespace Homelab.Translation.Export;

/// <summary>
/// An ImagePolicy has no counterpart in core Kubernetes: image rules there are an admission controller's job. Nothing is
/// written; every rule is named in a warning with where Kubernetes would take it.
/// </summary>
internal static class ImagePolicyExporter
{
    public static void Warn(ImagePolicy policy, WarningScope warnings)
    {
        var spec = policy.Spec;
        var rules = 0;
        if (spec.AllowedRegistries is { Count: > 0 } registries)
        {
            rules++;
            warnings.Add("spec.allowedRegistries", $"Kubernetes has no image allowlist of its own ({string.Join(", ", registries)}): a ValidatingAdmissionPolicy (CEL) or Kyverno can enforce it; not exported");
        }
        if (spec.RequireDigest == true)
        {
            rules++;
            warnings.Add("spec.requireDigest", "Kubernetes runs tags as they are: a ValidatingAdmissionPolicy (CEL) or Kyverno can require digests; not exported");
        }
        for (var i = 0; i < (spec.Signatures?.Count ?? 0); i++)
        {
            rules++;
            warnings.Add($"spec.signatures[{i}]", $"kubelet verifies no signatures ({spec.Signatures![i].Scope}): an admission controller such as sigstore's policy-controller or Kyverno's verifyImages does, for cosign signatures rather than GPG simple signing; not exported");
        }
        if (rules == 0)
        {
            warnings.Add("spec", "an ImagePolicy is no object in Kubernetes; not exported");
        }
    }
}
