using Homelab.Controllers.Images;
using Xunit;
using Homelab.Api.Resources;
using Homelab.Controllers.Services;
using Homelab.Operator;
using Homelab.Podman;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NSubstitute;

namespace Homelab.Controllers.Tests.Services;

public sealed class ServiceControllerPodmanCallTests
{
    private const string Digest = "sha256:3333333333333333333333333333333333333333333333333333333333333333";

    [Fact]
    public async Task A_current_running_container_gets_no_podman_write_and_no_pull()
    {
        var service = TestKit.TestResources.Service("web", image: "127.0.0.1:5000/homelab/caddy:2.8");
        service.Metadata.Uid = "u1";
        // Reconciled before: status names its network.
        service.Status = new ServiceStatus { Network = "hl-default-web" };
        var labels = new Dictionary<string, string>(HomelabLabels.For("default", "web", "u1"))
        {
            [HomelabLabels.SpecHash] = SpecHash.Compute(service.Spec, Digest),
            [HomelabLabels.ImageDigest] = Digest,
        };
        var runtime = Substitute.For<IContainerRuntime>();
        runtime.InspectNetworkAsync("hl-default-web", Arg.Any<CancellationToken>())
            .Returns(new NetworkInfo("hl-default-web", "bridge", "hl0123456789", "10.91.0.0/24", "10.91.0.1", labels) { Subnet6 = "fd5b::/64", Gateway6 = "fd5b::1" });
        runtime.InspectContainersAsync(Arg.Any<IReadOnlyList<string>>(), Arg.Any<CancellationToken>())
            .Returns([new ContainerInfo("c1", "hl-default-web", ContainerStates.Running, labels) { ImageDigest = Digest }]);
        var client = Substitute.For<IResourceClient>();
        runtime.IsAliveAsync(Arg.Any<ContainerInfo>(), Arg.Any<CancellationToken>()).Returns(true);
        var controller = ServiceControllerFactory.Create(runtime, client);

        var result = await controller.ReconcileAsync(service, CancellationToken.None);

        Assert.True(result.IsSuccess);
        await runtime.DidNotReceiveWithAnyArgs().PullImageAsync(default!, default);
        await runtime.DidNotReceiveWithAnyArgs().CreateNetworkAsync(default!, default);
        await runtime.DidNotReceiveWithAnyArgs().CreateContainerAsync(default!, default);
        await runtime.DidNotReceiveWithAnyArgs().StartContainerAsync(default!, default);
        await runtime.DidNotReceiveWithAnyArgs().StopContainerAsync(default!, default, default);
        await runtime.DidNotReceiveWithAnyArgs().RemoveContainerAsync(default!, default);
        await client.Received(1).UpdateStatusAsync(Arg.Any<Service>(), Arg.Any<CancellationToken>());
    }
}
