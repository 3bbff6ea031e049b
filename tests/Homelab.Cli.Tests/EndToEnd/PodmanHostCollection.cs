using Homelab.TestKit;

namespace Homelab.Cli.Tests.EndToEnd;

[CollectionDefinition(Name)]
public sealed class PodmanHostCollection : ICollectionFixture<PodmanHostFixture>
{
    public const string Name = "podman host";
}
