using Homelab.Api.Resources;
using Homelab.Operator;
using Homelab.Podman;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Homelab.Controllers.Services;

/// <summary>
/// Removes containers and networks that carry Homelab's labels but whose Service no longer exists (or is a newer
/// Service of the same name). Runs at start and on each resync only: with finalizers, a Service deleted through the API has
/// its container removed by the Service controller, so orphans come from outside (or from a lost store) and can wait.
/// Volumes are never pruned: they hold data. Bridges netavark left behind (no podman network claims them) are removed too.
/// </summary>
internal sealed partial class ServiceOrphanPruner(IContainerRuntime runtime, IResourceClient client, IOptions<PodmanOptions> options, ILogger<ServiceOrphanPruner> logger) : IAggregateController
{
    public async Task<ReconcileResult> ReconcileAllAsync(bool resync, CancellationToken cancellationToken)
    {
        var managed = HomelabLabels.Managed(options.Value.ManagedBy);
        var containers = await runtime.ListContainersAsync(managed, cancellationToken).ConfigureAwait(false);
        foreach (var container in containers.Where(c => IsOrphan(c.Labels)))
        {
            LogPruningContainer(logger, container.Name);
            await runtime.RemoveContainerAsync(container.Id, cancellationToken).ConfigureAwait(false);
        }
        var networks = await runtime.ListNetworksAsync(managed, cancellationToken).ConfigureAwait(false);
        foreach (var network in networks.Where(n => IsOrphan(n.Labels)))
        {
            LogPruningNetwork(logger, network.Name);
            // By id: the Service controller may have replaced this network with its own of the same name meanwhile.
            await runtime.RemoveNetworkAsync(network.IdOrName, cancellationToken).ConfigureAwait(false);
        }
        await runtime.RemoveStaleBridgesAsync(cancellationToken).ConfigureAwait(false);
        return ReconcileResult.Success;
    }

    private bool IsOrphan(IReadOnlyDictionary<string, string> labels)
    {
        if (!labels.TryGetValue(HomelabLabels.Namespace, out var ns) || !labels.TryGetValue(HomelabLabels.Name, out var name))
        {
            // Marked as ours but not naming an owner: not something this controller made, so leave it alone.
            return false;
        }
        var owner = client.Get<Service>(ns, name);
        return owner is null || (labels.TryGetValue(HomelabLabels.Uid, out var uid) && owner.Metadata.Uid is { } ownerUid && uid != ownerUid);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Pruning orphan container {Container}")]
    private static partial void LogPruningContainer(ILogger logger, string container);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pruning orphan network {Network}")]
    private static partial void LogPruningNetwork(ILogger logger, string network);
}
