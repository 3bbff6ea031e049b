using Homelab.Api.Values;
using Xunit;

namespace Homelab.Api.Tests.Values;

public sealed class ImageReferenceTests
{
    private const string Digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    [Theory]
    [InlineData("caddy", "docker.io", "library/caddy", null, null)]
    [InlineData("caddy:2.8", "docker.io", "library/caddy", "2.8", null)]
    [InlineData("jellyfin/jellyfin:10.10.3", "docker.io", "jellyfin/jellyfin", "10.10.3", null)]
    [InlineData("docker.io/caddy:2.8", "docker.io", "library/caddy", "2.8", null)]
    [InlineData("index.docker.io/library/caddy", "docker.io", "library/caddy", null, null)]
    [InlineData("ghcr.io/home-assistant/home-assistant:2024.11", "ghcr.io", "home-assistant/home-assistant", "2024.11", null)]
    [InlineData("127.0.0.1:5000/homelab/caddy:2.8", "127.0.0.1:5000", "homelab/caddy", "2.8", null)]
    [InlineData("localhost/postgres", "localhost", "postgres", null, null)]
    [InlineData("registry:5000/app", "registry:5000", "app", null, null)]
    [InlineData("postgres:16@" + Digest, "docker.io", "library/postgres", "16", Digest)]
    [InlineData("quay.io/org/app@" + Digest, "quay.io", "org/app", null, Digest)]
    public void Parses_and_normalizes_like_docker(string text, string registry, string repository, string? tag, string? digest)
    {
        var image = ImageReference.Parse(text);
        Assert.Equal((registry, repository, tag, digest), (image.Registry, image.Repository, image.Tag, image.Digest));
    }

    [Theory]
    [InlineData("caddy:2.8", "docker.io/library/caddy:2.8")]
    [InlineData("127.0.0.1:5000/homelab/caddy:2.8", "127.0.0.1:5000/homelab/caddy:2.8")]
    [InlineData("quay.io/org/app@" + Digest, "quay.io/org/app@" + Digest)]
    public void Prints_the_canonical_form(string text, string canonical) => Assert.Equal(canonical, ImageReference.Parse(text).ToString());

    [Theory]
    [InlineData("", "must be an image reference")]
    [InlineData("Caddy", "repository")]
    [InlineData("caddy:", "tag")]
    [InlineData("caddy@sha256:abc", "digest")]
    [InlineData("caddy@md5:0123456789abcdef0123456789abcdef", "digest")]
    [InlineData("-bad.host/app", "registry host")]
    [InlineData("docker.io/a//b", "repository")]
    public void Refuses_malformed_references_saying_which_part(string text, string part)
    {
        Assert.False(ImageReference.TryParse(text, out _, out var error));
        Assert.Contains(part, error, StringComparison.Ordinal);
    }

    [Fact]
    public void WithDigest_pins_the_tagged_image()
    {
        var pinned = ImageReference.Parse("127.0.0.1:5000/homelab/caddy:2.8").WithDigest(Digest);
        Assert.Equal("127.0.0.1:5000/homelab/caddy:2.8@" + Digest, pinned.ToString());
        Assert.Equal("127.0.0.1:5000/homelab/caddy:2.8", pinned.WithoutDigest().ToString());
    }

    [Fact]
    public void WithTag_drops_the_digest_of_the_old_tag()
    {
        var moved = ImageReference.Parse("postgres:16@" + Digest).WithTag("17");
        Assert.Equal("docker.io/library/postgres:17", moved.ToString());
    }

    [Fact]
    public void The_effective_tag_is_latest_only_without_tag_and_digest()
    {
        Assert.Equal("latest", ImageReference.Parse("caddy").EffectiveTag);
        Assert.Null(ImageReference.Parse("caddy@" + Digest).EffectiveTag);
    }

    [Fact]
    public void Equal_references_compare_equal() =>
        Assert.Equal(ImageReference.Parse("caddy:2.8"), ImageReference.Parse("docker.io/library/caddy:2.8"));
}
