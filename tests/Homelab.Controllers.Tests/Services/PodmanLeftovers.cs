using Homelab.Podman;

namespace Homelab.Controllers.Tests.Services;

/// <summary>What a real-Podman test leaves behind, found by its own managed-by label: containers, then networks, then volumes.</summary>
internal static class PodmanLeftovers
{
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
