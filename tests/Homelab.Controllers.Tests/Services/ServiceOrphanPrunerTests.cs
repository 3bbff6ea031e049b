using Xunit;
using Homelab.Api.Resources;
using Homelab.Controllers.Services;
using Homelab.Operator;
using Homelab.Podman;
using Homelab.TestKit;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NSubstitute;

namespace Homelab.Controllers.Tests.Services;

public sealed class ServiceOrphanPrunerTests
{
    [Fact]
    public async Task An_orphan_network_is_removed_by_id_so_a_newer_one_of_the_same_name_survives()
    {
        var web = TestResources.Service("web");
        web.Metadata.Uid = "uid-now";
        var client = Substitute.For<IResourceClient>();
        client.Get<Service>("default", "web").Returns(web);
        var podman = new FakeContainerRuntime();
        var earlier = new NetworkInfo("hl-default-web", "bridge", "hl0000000000", "10.91.9.0/24", "10.91.9.1", HomelabLabels.For("default", "web", "uid-earlier"))
        {
            Id = "n-earlier",
        };
        podman.AddNetwork(earlier);
        // Between the pruner's listing and its remove, the Service controller replaces the earlier network by its own.
        podman.AfterNextNetworkList = () => podman.AddNetwork(earlier with { Labels = HomelabLabels.For("default", "web", "uid-now"), Id = "n-now" });
        var pruner = new ServiceOrphanPruner(podman, client, Options.Create(new PodmanOptions()), NullLogger<ServiceOrphanPruner>.Instance);

        await pruner.ReconcileAllAsync(resync: true, CancellationToken.None);

        Assert.Equal("n-now", Assert.Single(podman.Networks).Id);
    }
}
