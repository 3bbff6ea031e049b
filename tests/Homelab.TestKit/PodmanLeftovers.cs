using Homelab.Podman;
using Microsoft.Extensions.DependencyInjection;

namespace Homelab.TestKit;

/// <summary>What a real-Podman test leaves behind, found by its own managed-by label: containers, then networks, then volumes.</summary>
public static class PodmanLeftovers
{
    /// <summary>For a test that drives Podman through a daemon process and has no runtime of its own.</summary>
    public static async Task RemoveAsync(string managedBy)
    {
        await using var services = new ServiceCollection().AddLogging().AddHomelabPodman().BuildServiceProvider();
        await RemoveAsync(services.GetRequiredService<IContainerRuntime>(), managedBy);
    }

    public static async Task RemoveAsync(IContainerRuntime podman, string managedBy)
    {
        var mine = HomelabLabels.Managed(managedBy);
        foreach (var container in await podman.ListContainersAsync(mine, CancellationToken.None))
        {
            await podman.RemoveContainerAsync(container.Id, CancellationToken.None);
        }
        foreach (var network in await podman.ListNetworksAsync(mine, CancellationToken.None))
        {
            await podman.RemoveNetworkAsync(network.Name, CancellationToken.None);
        }
        foreach (var volume in await podman.ListVolumesAsync(mine, CancellationToken.None))
        {
            await podman.RemoveVolumeAsync(volume.Name, CancellationToken.None);
        }
    }
}
