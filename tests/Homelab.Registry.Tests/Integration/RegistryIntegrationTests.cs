using Homelab.Api.Values;

namespace Homelab.Registry.Tests.Integration;

[Trait("Category", "Integration")]
public sealed class RegistryIntegrationTests : IAsyncLifetime
{
    private LocalRegistry _registry = null!;
    private OciRegistryClient _client = null!;

    public async Task InitializeAsync()
    {
        _registry = await LocalRegistry.StartAsync();
        _client = RegistryClientFactory.Create(new SocketsHttpHandler(), registriesConf: _registry.RegistriesConf);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _registry.DisposeAsync();
    }

    [Fact]
    public async Task Head_returns_the_digest_podman_pushed()
    {
        var pushed = await _registry.PushNewAsync("app", "1.0");

        var digest = await _client.GetDigestAsync(ImageReference.Parse(_registry.Reference("app", "1.0")), CancellationToken.None);

        Assert.Equal(pushed, digest);
    }

    [Fact]
    public async Task The_image_id_is_the_local_images_id_whatever_manifest_digest_names_it()
    {
        var reference = _registry.Reference("app", "built-here");
        var pushed = await _registry.PushNewAsync("app", "built-here");
        // The local copy keeps its own manifest digest, unlike the pushed one; the id is the same image's.
        var localDigest = (await RunAsync("podman", "image", "inspect", "--format", "{{.Digest}}", reference)).Trim();
        var localId = (await RunAsync("podman", "image", "inspect", "--format", "{{.Id}}", reference)).Trim();
        Assert.NotEqual(pushed, localDigest);

        var byTag = await _client.GetImageIdAsync(ImageReference.Parse(reference), CancellationToken.None);
        var byDigest = await _client.GetImageIdAsync(ImageReference.Parse(reference).WithDigest(pushed), CancellationToken.None);

        Assert.Equal("sha256:" + localId, byTag);
        Assert.Equal(byTag, byDigest);
    }

    private static Task<string> RunAsync(params string[] command) => Homelab.TestKit.HostCommand.RunAsync(command);

    [Fact]
    public async Task A_new_push_under_the_same_tag_is_a_new_digest()
    {
        var image = ImageReference.Parse(_registry.Reference("app", "stable"));
        var first = await _registry.PushNewAsync("app", "stable");
        Assert.Equal(first, await _client.GetDigestAsync(image, CancellationToken.None));

        var second = await _registry.PushNewAsync("app", "stable");

        Assert.NotEqual(first, second);
        Assert.Equal(second, await _client.GetDigestAsync(image, CancellationToken.None));
    }

    [Fact]
    public async Task Tags_list_has_every_pushed_tag()
    {
        await _registry.PushNewAsync("app", "1.2.3");
        foreach (var tag in new[] { "1.2.4", "1.3.0", "2.0.0" })
        {
            await _registry.TagAsync("app", "1.2.3", tag);
        }

        var tags = await _client.ListTagsAsync(ImageReference.Parse(_registry.Reference("app", "1.2.3")), CancellationToken.None);

        Assert.Equal(["1.2.3", "1.2.4", "1.3.0", "2.0.0"], tags.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Unknown_tag_and_repository_are_not_found()
    {
        await _registry.PushNewAsync("app", "1.0");

        await Assert.ThrowsAsync<RegistryNotFoundException>(() => _client.GetDigestAsync(ImageReference.Parse(_registry.Reference("app", "9.9")), CancellationToken.None));
        await Assert.ThrowsAsync<RegistryNotFoundException>(() => _client.ListTagsAsync(ImageReference.Parse(_registry.Reference("nothing", "1")), CancellationToken.None));
    }

    [Fact]
    public async Task A_stopped_registry_is_unavailable()
    {
        await _registry.PushNewAsync("app", "1.0");
        await _registry.StopAsync();

        var error = await Assert.ThrowsAsync<RegistryUnavailableException>(() => _client.GetDigestAsync(ImageReference.Parse(_registry.Reference("app", "1.0")), CancellationToken.None));
        Assert.Equal(_registry.Address, error.Registry);
    }

    [Fact]
    public async Task Without_an_insecure_entry_the_client_insists_on_https()
    {
        await _registry.PushNewAsync("app", "1.0");
        using var strict = RegistryClientFactory.Create(new SocketsHttpHandler());

        await Assert.ThrowsAsync<RegistryUnavailableException>(() => strict.GetDigestAsync(ImageReference.Parse(_registry.Reference("app", "1.0")), CancellationToken.None));
    }
}
