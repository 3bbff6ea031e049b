using Homelab.Api.Meta;
using Homelab.Api.Resources;
using Homelab.Api.Security;
using Homelab.Api.Values;
using Xunit;

namespace Homelab.Api.Tests.Security;

public sealed class ImageRulesTests
{
    private static ImagePolicy Policy(string name, Action<ImagePolicySpec>? configure = null)
    {
        var policy = new ImagePolicy { Metadata = new ObjectMeta { Name = name } };
        configure?.Invoke(policy.Spec);
        return policy;
    }

    [Theory]
    [InlineData("127.0.0.1:5000/homelab/caddy:2.8")]
    [InlineData("docker.io/library/nginx:1.27")]
    [InlineData("localhost/web:1")]
    [InlineData("ghcr.io/home-assistant/home-assistant:2024.11@sha256:1111111111111111111111111111111111111111111111111111111111111111")]
    [InlineData("ghcr.io/home-assistant/home-assistant@sha256:1111111111111111111111111111111111111111111111111111111111111111")]
    public void A_fully_named_versioned_image_passes_a_plain_policy(string image) =>
        Assert.Empty(ImageRules.Check(image, [Policy("plain")]));

    [Theory]
    [InlineData("nginx:1.27", ImageRules.ShortName)]
    [InlineData("library/nginx:1.27", ImageRules.ShortName)]
    [InlineData("jellyfin/jellyfin:10.10.3", ImageRules.ShortName)]
    [InlineData("127.0.0.1:5000/homelab/caddy", ImageRules.Untagged)]
    [InlineData("127.0.0.1:5000/homelab/caddy:latest", ImageRules.Latest)]
    public void Short_names_untagged_and_latest_images_are_refused_by_any_policy(string image, string rule)
    {
        var violation = Assert.Single(ImageRules.Check(image, [Policy("plain")]));
        Assert.Equal(("spec.image", rule), (violation.Field, violation.Rule));
        Assert.Contains("imagepolicy plain", violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_selecting_policy_an_image_has_no_rules() =>
        Assert.Empty(ImageRules.Check("nginx", []));

    [Fact]
    public void A_short_name_is_told_its_full_name() =>
        Assert.Contains("write docker.io/library/nginx:1.27", ImageRules.Check("nginx:1.27", [Policy("p")])[0].Message, StringComparison.Ordinal);

    [Fact]
    public void Digests_and_registries_are_checked_per_policy()
    {
        var pinned = Policy("pinned", s => s.RequireDigest = true);
        var local = Policy("local", s => s.AllowedRegistries = ["127.0.0.1:5000/homelab", "ghcr.io"]);

        var violations = ImageRules.Check("docker.io/library/nginx:1.27", [local, pinned]);

        Assert.Equal([(ImageRules.Registry, "local"), (ImageRules.DigestRequired, "pinned")],
            violations.Select(v => (v.Rule, v.Message[(v.Message.LastIndexOf("imagepolicy ", StringComparison.Ordinal) + 12)..^1])));
        Assert.Empty(ImageRules.Check("ghcr.io/x/y:1@sha256:" + new string('a', 64), [local, pinned]));
    }

    [Theory]
    [InlineData("127.0.0.1:5000/homelab", "127.0.0.1:5000/homelab/caddy:2.8", true)]
    [InlineData("127.0.0.1:5000/homelab", "127.0.0.1:5000/homelab-evil/caddy:2.8", false)]
    [InlineData("127.0.0.1:5000", "127.0.0.1:5000/homelab/caddy:2.8", true)]
    [InlineData("127.0.0.1", "127.0.0.1:5000/homelab/caddy:2.8", false)]
    [InlineData("docker.io/library", "nginx:1.27", true)]
    [InlineData("ghcr.io/home-assistant/home-assistant", "ghcr.io/home-assistant/home-assistant:2024.11", true)]
    public void A_scope_covers_its_registry_or_repository_at_a_path_boundary(string scope, string image, bool covered) =>
        Assert.Equal(covered, ImageScope.Covers(scope, ImageReference.Parse(image)));

    [Theory]
    [InlineData("ghcr.io", true)]
    [InlineData("127.0.0.1:5000/homelab", true)]
    [InlineData("localhost/team", true)]
    [InlineData("library", false)]
    [InlineData("https://ghcr.io", false)]
    [InlineData("ghcr.io/", false)]
    [InlineData("ghcr.io/app:1", false)]
    [InlineData("", false)]
    public void Scopes_name_a_registry(string scope, bool valid) => Assert.Equal(valid, ImageScope.IsValid(scope));

    [Fact]
    public void Policies_select_namespaces_by_label_and_without_a_selector_select_all()
    {
        var all = Policy("all");
        var apps = Policy("apps", s => s.NamespaceSelector = new LabelSelector { MatchLabels = new() { ["zone"] = "apps" } });
        var media = new Namespace { Metadata = new ObjectMeta { Name = "media", Labels = new() { ["zone"] = "apps" } } };
        var data = new Namespace { Metadata = new ObjectMeta { Name = "data", Labels = new() { ["zone"] = "data" } } };

        Assert.Equal(["all", "apps"], ImageRules.Selecting([apps, all], media).Select(p => p.Name));
        Assert.Equal(["all"], ImageRules.Selecting([apps, all], data).Select(p => p.Name));
    }

    [Fact]
    public void Each_policy_contributes_its_most_specific_covering_scope()
    {
        static SignatureRequirement Key(string scope, string key) => new() { Scope = scope, SignedBy = new SignedBy { KeyData = key } };
        var a = Policy("a", s => s.Signatures = [Key("127.0.0.1:5000", "registry-key"), Key("127.0.0.1:5000/homelab", "team-key"), Key("ghcr.io", "other")]);
        var b = Policy("b", s => s.Signatures = [Key("127.0.0.1:5000/homelab/caddy", "caddy-key")]);
        var c = Policy("c", s => s.Signatures = [Key("ghcr.io", "unrelated")]);

        var requirements = ImageRules.Signatures(ImageReference.Parse("127.0.0.1:5000/homelab/caddy:2.8"), [a, b, c]);

        Assert.Equal([("a", "team-key"), ("b", "caddy-key")], requirements.Select(r => (r.Policy, r.Requirement.SignedBy!.KeyData)));
        Assert.Empty(ImageRules.Signatures(ImageReference.Parse("docker.io/library/nginx:1.27"), [a, b, c]));
    }
}
