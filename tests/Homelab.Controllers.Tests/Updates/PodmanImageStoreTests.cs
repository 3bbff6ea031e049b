using Homelab.Controllers.Updates;

namespace Homelab.Controllers.Tests.Updates;

public sealed class PodmanImageStoreTests
{
    [Fact]
    public void Images_of_other_repositories_are_left_out_and_duplicates_folded()
    {
        const string json = """
            [
              {"Id": "aaa", "Names": ["127.0.0.1:5000/hltest/app:1.0", "127.0.0.1:5000/hltest/app:1.1"], "RepoDigests": ["127.0.0.1:5000/hltest/app@sha256:11"], "Created": 1795637738, "Containers": 1},
              {"Id": "aaa", "Names": ["127.0.0.1:5000/hltest/app:1.0"], "RepoDigests": [], "Created": 1795637738, "Containers": 1},
              {"Id": "bbb", "Names": null, "RepoDigests": ["127.0.0.1:5000/hltest/app@sha256:22"], "Created": 1795630000, "Containers": 0},
              {"Id": "ccc", "Names": ["127.0.0.1:5000/hltest/application:1"], "RepoDigests": [], "Created": 1795630000, "Containers": 0}
            ]
            """;

        var images = PodmanImageStore.Parse(json, "127.0.0.1:5000/hltest/app");

        Assert.Equal(["aaa", "bbb"], images.Select(i => i.Id));
        Assert.True(images[0].InUse);
        Assert.False(images[1].InUse);
        Assert.Equal(["127.0.0.1:5000/hltest/app@sha256:22"], images[1].Digests);
    }
}
