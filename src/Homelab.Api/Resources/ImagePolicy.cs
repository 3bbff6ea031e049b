using Homelab.Api.Meta;

namespace Homelab.Api.Resources;

/// <summary>
/// Which images Services may run, cluster-scoped: the namespaces it selects get its rules (registries, tags, digests)
/// checked at admission and its signature requirements checked at every pull. Several policies on one namespace all apply.
/// </summary>
public sealed class ImagePolicy : Resource<ImagePolicySpec, ResourceStatus>
{
    public ImagePolicy() => Kind = ResourceKinds.ImagePolicy.Kind;
}

public sealed class ImagePolicySpec
{
    /// <summary>Namespaces this policy applies to, by their labels; absent selects every namespace.</summary>
    public LabelSelector? NamespaceSelector { get; set; }

    /// <summary>Registry hosts, or host/path prefixes, images must come from; absent allows any registry.</summary>
    public List<string>? AllowedRegistries { get; set; }

    /// <summary>When true, every image must name a digest (repo:tag@sha256:…).</summary>
    public bool? RequireDigest { get; set; }

    /// <summary>Images under these scopes run only when signed by one of the scope's keys, verified at pull.</summary>
    public List<SignatureRequirement>? Signatures { get; set; }
}

public sealed class SignatureRequirement
{
    /// <summary>A registry host or host/repository prefix: 127.0.0.1:5000/homelab, ghcr.io/home-assistant.</summary>
    public string Scope { get; set; } = "";

    /// <summary>Required; null when absent, so validation names this field rather than the key inside it.</summary>
    public SignedBy? SignedBy { get; set; }
}

/// <summary>As containers-policy.json's signedBy requirement: simple signing, checked with GPG keys.</summary>
public sealed class SignedBy
{
    /// <summary>ASCII-armored OpenPGP public key block(s); a signature by any of its keys is accepted.</summary>
    public string KeyData { get; set; } = "";
}
