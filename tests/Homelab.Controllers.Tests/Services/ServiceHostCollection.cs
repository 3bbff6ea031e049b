using Homelab.TestKit;
using Xunit;

namespace Homelab.Controllers.Tests.Services;

[CollectionDefinition(Name)]
public sealed class ServiceHostCollection : ICollectionFixture<PodmanHostFixture>
{
    public const string Name = "service podman host";
}
