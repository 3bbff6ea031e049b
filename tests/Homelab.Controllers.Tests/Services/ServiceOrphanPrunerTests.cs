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

    [Fact]
    public async Task A_bridge_no_network_claims_is_removed_and_one_a_network_owns_is_kept()
    {
        var podman = new FakeContainerRuntime();
        podman.AddNetwork(new NetworkInfo("hl-default-web", "bridge", "hl00000000aa", "10.91.9.0/24", "10.91.9.1", HomelabLabels.For("default", "web", "uid")));
        podman.HostBridges.UnionWith(["hl00000000aa", "hl00000000bb", "podman0", "hlnotours"]);
        var client = Substitute.For<IResourceClient>();
        client.Get<Service>("default", "web").Returns(TestResources.Service("web"));
        var pruner = new ServiceOrphanPruner(podman, client, Options.Create(new PodmanOptions()), NullLogger<ServiceOrphanPruner>.Instance);

        await pruner.ReconcileAllAsync(resync: true, CancellationToken.None);

        Assert.Equal(["bridge rm hl00000000bb"], podman.Writes);
        Assert.Equal(["hl00000000aa", "hlnotours", "podman0"], podman.HostBridges.Order(StringComparer.Ordinal));
    }
}
