using System.Collections.Concurrent;
using Homelab.Api.Resources;
using Homelab.Operator;
using Homelab.Podman;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Homelab.Controllers.Services;

/// <summary>
/// Rebuilds what the Service controller owns when a failure repeats that only a rebuild clears, instead of retrying it
/// forever. Today that is an address netavark's IPAM still holds for a container that no longer exists. The allocation
/// lives in ipam.db under the network's name and subnet, and on podman 4.3 it survives `podman network rm` (verified:
/// the same name and subnet created again refuse the address). So the Service's network is made again on another
/// subnet, which no allocation holds; editing ipam.db behind podman's back is left alone. A first failure is only
/// retried: it may pass by itself.
/// </summary>
internal sealed partial class ServiceRepair(IContainerRuntime runtime, IResourceClient client, IOptions<PodmanOptions> options, ILogger<ServiceRepair> logger)
{
    public const string Reason = "NetworkRebuilt";

    private readonly ConcurrentDictionary<string, string> _lastFailure = new(StringComparer.Ordinal);

    /// <summary>
    /// Repairs after the second identical failure in a row, when the repair takes nothing away that serves. Returns true
    /// when it rebuilt something (the next attempt then has a fair chance).
    /// </summary>
    public async Task<bool> TryAsync(Service service, ContainerInfo? serving, string reason, string message, CancellationToken cancellationToken)
    {
        var uid = service.Metadata.Uid!;
        var failure = reason + "\n" + message;
        var repeated = _lastFailure.TryGetValue(uid, out var last) && last == failure;
        _lastFailure[uid] = failure;
        // Rebuilding the network removes every container on it: never while one of them serves.
        if (!repeated || IpamConflict.In(message) is not { } conflict || serving is { IsRunning: true })
        {
            return false;
        }
        if (await runtime.InspectContainerAsync(conflict.ContainerId, cancellationToken).ConfigureAwait(false) is { } holder)
        {
            // A real container holds the address: not a leftover, and not this controller's to remove.
            LogHeldByLiveContainer(logger, service.Namespace, service.Name, conflict.Ip, holder.Name);
            return false;
        }
        var (ns, name) = (service.Namespace, service.Name);
        var network = PodmanNames.Network(ns, name);
        var held = service.Status?.Subnets is { Count: > 0 } subnets ? subnets : service.Status?.Subnet is { } subnet ? [subnet] : [];
        client.RecordEvent(service, EventTypes.Warning, Reason,
            $"netavark's IPAM still holds {conflict.Ip} for container {conflict.ContainerId[..12]}, which no longer exists; making network {network} again on subnets other than {string.Join(", ", held)} (volumes are kept)");
        LogRebuilding(logger, ns, name, network, conflict.Ip);
        // Not cancellable: stopped between the two calls, the Service is left without a network.
        await runtime.RemoveNetworkAsync(network, CancellationToken.None).ConfigureAwait(false);
        var labels = HomelabLabels.For(ns, name, uid, options.Value.ManagedBy);
        await runtime.CreateNetworkAsync(new NetworkCreateRequest(network, labels) { BridgeName = PodmanNames.Bridge(ns, name), Ipv6 = IpFamilyPolicies.IsDualStack(service.Spec), AvoidSubnets = held }, CancellationToken.None).ConfigureAwait(false);
        _lastFailure.TryRemove(uid, out _);
        return true;
    }

    /// <summary>The Service reconciled without failing (or is gone): a later failure starts a new count.</summary>
    public void Forget(string uid) => _lastFailure.TryRemove(uid, out _);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Service {Namespace}/{Name}: rebuilding network {Network}, whose IPAM holds {Ip} for a container that no longer exists")]
    private static partial void LogRebuilding(ILogger logger, string @namespace, string name, string network, string ip);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Service {Namespace}/{Name}: address {Ip} is held by container {Holder}, which is not this Service's; not rebuilding")]
    private static partial void LogHeldByLiveContainer(ILogger logger, string @namespace, string name, string ip, string holder);
}
