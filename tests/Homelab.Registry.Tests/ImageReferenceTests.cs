namespace Homelab.Registry.Tests;

public sealed class ImageReferenceTests
{
    [Theory]
    [InlineData("nginx", "docker.io", "library/nginx", "latest", null)]
    [InlineData("nginx:1.27", "docker.io", "library/nginx", "1.27", null)]
    [InlineData("docker.io/jellyfin/jellyfin:10.10.3", "docker.io", "jellyfin/jellyfin", "10.10.3", null)]
    [InlineData("127.0.0.1:5000/hltest/app:1.0", "127.0.0.1:5000", "hltest/app", "1.0", null)]
    [InlineData("localhost/app", "localhost", "app", "latest", null)]
    [InlineData("ghcr.io/org/app:v2@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "ghcr.io", "org/app", "v2", "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData("quay.io/org/app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "quay.io", "org/app", null, "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    public void Parse_applies_docker_defaults(string text, string registry, string repository, string? tag, string? digest)
    {
        var image = ImageReference.Parse(text);

        Assert.Equal(registry, image.Registry);
        Assert.Equal(repository, image.Repository);
        Assert.Equal(tag, image.Tag);
        Assert.Equal(digest, image.Digest);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("Nginx:1", "repository")]
    [InlineData("nginx:-bad", "tag")]
    [InlineData("nginx@sha256:xyz", "digest")]
    public void Parse_names_the_part_that_is_wrong(string text, string part)
    {
        Assert.False(ImageReference.TryParse(text, out _, out var error));
        Assert.Contains(part, error);
    }

    [Fact]
    public void Rewriting_keeps_the_name_as_the_user_wrote_it()
    {
        var image = ImageReference.Parse("nginx:1.2");

        Assert.Equal("nginx:1.2@sha256:0123456789abcdef0123456789abcdef", image.WithDigest("sha256:0123456789abcdef0123456789abcdef").ToString());
        Assert.Equal("nginx:1.3", image.WithTag("1.3").ToString());
    }

    [Fact]
    public void Docker_hub_is_queried_on_its_api_host()
    {
        Assert.Equal("registry-1.docker.io", ImageReference.Parse("nginx").ApiHost);
        Assert.Equal("127.0.0.1:5000", ImageReference.Parse("127.0.0.1:5000/a").ApiHost);
    }
}
