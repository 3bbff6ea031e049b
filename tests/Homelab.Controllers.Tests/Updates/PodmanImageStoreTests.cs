using Homelab.Controllers.Updates;
using Homelab.Podman;
using NSubstitute;
using NSubstitute.ExceptionExtensions;

namespace Homelab.Controllers.Tests.Updates;

public sealed class PodmanImageStoreTests
{
    private static readonly DateTimeOffset Created = DateTimeOffset.FromUnixTimeSeconds(1795637738);

    [Fact]
    public void Images_of_other_repositories_are_left_out_and_duplicates_folded()
    {
        LocalImageInfo[] all =
        [
            new("aaa", ["127.0.0.1:5000/hltest/app:1.0", "127.0.0.1:5000/hltest/app:1.1"], ["127.0.0.1:5000/hltest/app@sha256:11"], Created, 1),
            new("aaa", ["127.0.0.1:5000/hltest/app:1.0"], [], Created, 1),
            new("bbb", [], ["127.0.0.1:5000/hltest/app@sha256:22"], Created, 0),
            new("ccc", ["127.0.0.1:5000/hltest/application:1"], [], Created, 0),
        ];

        var images = PodmanImageStore.Select(all, "127.0.0.1:5000/hltest/app");

        Assert.Equal(["aaa", "bbb"], images.Select(i => i.Id));
        Assert.True(images[0].InUse);
        Assert.False(images[1].InUse);
        Assert.Equal(["127.0.0.1:5000/hltest/app@sha256:22"], images[1].Digests);
    }

    [Fact]
    public async Task A_podman_that_hangs_or_prints_garbage_is_an_image_store_error_the_pruner_reports()
    {
        var runtime = Substitute.For<IContainerRuntime>();
        runtime.ListImagesAsync(Arg.Any<CancellationToken>()).ThrowsAsync(new TimeoutException("podman images --format json did not finish within 00:00:03"));
        runtime.RemoveImageAsync("x", Arg.Any<CancellationToken>()).ThrowsAsync(new PodmanException("podman printed JSON that could not be read: '<' is an invalid start of a value"));
        var store = new PodmanImageStore(runtime);

        var list = await Assert.ThrowsAsync<ImageStoreException>(() => store.ListAsync("127.0.0.1:5000/hltest/app", CancellationToken.None));
        var remove = await Assert.ThrowsAsync<ImageStoreException>(() => store.RemoveAsync("x", CancellationToken.None));

        Assert.Contains("did not finish within", list.Message, StringComparison.Ordinal);
        Assert.Contains("could not be read", remove.Message, StringComparison.Ordinal);
    }
}
