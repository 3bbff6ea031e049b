using Homelab.Api.Resources;
using Homelab.Api.Validation;
using Xunit;

namespace Homelab.Api.Tests.Validation;

public sealed class ImagePolicyValidatorTests
{
    private const string Key = "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nmQENBF...\n-----END PGP PUBLIC KEY BLOCK-----\n";

    private static ImagePolicy Valid() => Tests.Valid.Read<ImagePolicy>($"""
        apiVersion: homelab.dev/v1alpha1
        kind: ImagePolicy
        metadata: {"{"}name: trusted{"}"}
        spec:
          namespaceSelector: {"{"}matchLabels: {"{"}zone: apps{"}"}{"}"}
          allowedRegistries: [127.0.0.1:5000/homelab, ghcr.io]
          requireDigest: false
          signatures:
            - scope: 127.0.0.1:5000/homelab
              signedBy:
                keyData: |
                  -----BEGIN PGP PUBLIC KEY BLOCK-----

                  mQENBF...
                  -----END PGP PUBLIC KEY BLOCK-----
        """);

    [Fact]
    public void The_reference_policy_is_valid() => CauseAssert.IsValid(Valid());

    [Fact]
    public void A_policy_is_cluster_scoped()
    {
        var policy = Valid();
        policy.Metadata.Namespace = "media";
        CauseAssert.Single(policy, "metadata.namespace", "cluster-scoped");
    }

    [Theory]
    [InlineData("docker.io/library/nginx:1.27")]
    [InlineData("nginx")]
    [InlineData("https://ghcr.io")]
    public void Allowed_registries_are_scopes(string registry)
    {
        var policy = Valid();
        policy.Spec.AllowedRegistries = [registry];
        CauseAssert.Single(policy, "spec.allowedRegistries[0]", "must be a registry host");
    }

    [Fact]
    public void A_signature_needs_an_armored_public_key()
    {
        var policy = Valid();
        policy.Spec.Signatures![0].SignedBy!.KeyData = "-----BEGIN PGP PRIVATE KEY BLOCK-----";
        CauseAssert.Single(policy, "spec.signatures[0].signedBy.keyData", "ASCII-armored OpenPGP public key block");
    }

    [Fact]
    public void A_scope_appears_once()
    {
        var policy = Valid();
        policy.Spec.Signatures!.Add(new SignatureRequirement { Scope = "127.0.0.1:5000/homelab", SignedBy = new SignedBy { KeyData = Key } });
        CauseAssert.Single(policy, "spec.signatures[1].scope", "duplicate scope");
    }

    [Fact]
    public void A_scope_is_required()
    {
        var policy = Valid();
        policy.Spec.Signatures![0].Scope = "";
        CauseAssert.Single(policy, "spec.signatures[0].scope", "is required");
    }
}
