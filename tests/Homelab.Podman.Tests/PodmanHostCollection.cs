using Homelab.TestKit;
using Xunit;

namespace Homelab.Podman.Tests;

[CollectionDefinition(Name)]
public sealed class PodmanHostCollection : ICollectionFixture<PodmanHostFixture>
{
    public const string Name = "podman host";
}
