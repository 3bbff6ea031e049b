using System.Runtime.CompilerServices;
using Homelab.Api.Resources;
using Homelab.Operator;
using Homelab.Podman;
using Homelab.Store;
using Microsoft.Extensions.Options;

namespace Homelab.Controllers.Services;

/// <summary>
/// Podman's container events as reconcile requests for the owning Service, so a container that crashed, was stopped or
/// was removed by hand is seen at once rather than at the next resync: podman no longer restarts containers itself
/// (see <see cref="RestartBackoff"/>), the controller does.
/// </summary>
internal sealed class ServiceContainerEvents(IContainerRuntime runtime, IOptions<PodmanOptions> options) : IExternalWatch
{
    public async IAsyncEnumerable<ObjectKey> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var e in runtime.WatchContainerEventsAsync(HomelabLabels.Managed(options.Value.ManagedBy), cancellationToken).ConfigureAwait(false))
        {
            if (e.Status is ContainerEventStatuses.Died or ContainerEventStatuses.Remove
                && e.Label(HomelabLabels.Namespace) is { } ns && e.Label(HomelabLabels.Name) is { } name)
            {
                yield return ResourceKeys.Of<Service>(ns, name);
            }
        }
    }
}
