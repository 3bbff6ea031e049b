using Homelab.Api.Values;
using Microsoft.Extensions.DependencyInjection;

namespace Homelab.Registry.Tests;

public sealed class RegistryServiceCollectionExtensionsTests
{
    [Fact]
    public async Task Registered_client_reads_the_configured_registries_conf()
    {
        using var dir = new TempDir();
        var conf = dir.Write("registries.conf", "[[registry]]\nlocation = \"127.0.0.1:1\"\ninsecure = true\n");
        await using var provider = new ServiceCollection()
            .AddHomelabRegistry(o =>
            {
                o.AuthFiles = [];
                o.RegistriesConfFiles = [conf];
                o.RequestTimeout = TimeSpan.FromSeconds(5);
            })
            .BuildServiceProvider();

        var registry = provider.GetRequiredService<IRegistry>();

        var error = await Assert.ThrowsAsync<RegistryUnavailableException>(() => registry.GetDigestAsync(ImageReference.Parse("127.0.0.1:1/app:1"), CancellationToken.None));
        Assert.Contains("127.0.0.1:1", error.Message);
        Assert.Same(registry, provider.GetRequiredService<IRegistry>());
    }
}
