using Homelab.Api.Resources;
using Homelab.Podman;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Homelab.Controllers.Services;

/// <summary>What a Service's container stands on, observed and provisioned: its network, extra networks, volumes and config files.</summary>
/// <param name="Containers">This Service's containers (its own name and the replacement's), as podman reports them.</param>
internal sealed record ServiceGround(NetworkInfo Network, IReadOnlyList<ContainerInfo> Containers, string? ConfigDir);

/// <summary>
/// Observes and provisions what a Service's container needs, with as few podman calls as it can: podman serialises its
/// commands, so each one saved counts in a cold converge.
/// </summary>
internal sealed partial class ServiceProvisioner(IContainerRuntime runtime, IOptions<PodmanOptions> options, ILogger<ServiceProvisioner> logger)
{
    private readonly PodmanOptions _options = options.Value;

    /// <exception cref="PodmanException">The network could not be made or inspected.</exception>
    public async Task<ServiceGround> EnsureAsync(Service service, IReadOnlyDictionary<string, string> labels, CancellationToken cancellationToken)
    {
        var (ns, name, uid) = (service.Namespace, service.Name, labels[HomelabLabels.Uid]);
        var containerName = PodmanNames.Container(ns, name);
        // A Service never reconciled almost never has containers: ask only once its network turns out to exist.
        var containers = service.Status?.Network is null ? null : await OwnContainersAsync(ns, name, cancellationToken).ConfigureAwait(false);
        var dualStack = IpFamilyPolicies.IsDualStack(service.Spec, PodmanHost.HasIpv6(_options.DisableIpv6File));
        NetworkInfo network;
        if (RecordedNetwork(service, containers?.FirstOrDefault(c => c.Name == containerName && c.Label(HomelabLabels.Uid) == uid), labels, dualStack) is { } recorded)
        {
            network = recorded;
        }
        else
        {
            (network, var networkIsNew) = await EnsureNetworkAsync(service, labels, dualStack, cancellationToken).ConfigureAwait(false);
            if (networkIsNew)
            {
                // A network that did not exist has no containers (podman removes them with it).
                containers = [];
            }
        }
        await EnsureExtraNetworksAsync(service, labels, cancellationToken).ConfigureAwait(false);
        await EnsureVolumesAsync(service, labels, cancellationToken).ConfigureAwait(false);
        containers ??= await OwnContainersAsync(ns, name, cancellationToken).ConfigureAwait(false);
        var configDir = await WriteConfigFilesAsync(service, uid, cancellationToken).ConfigureAwait(false);
        return new ServiceGround(network, containers, configDir);
    }

    /// <summary>
    /// Removes leftovers (a replacement interrupted half-way, a container of an earlier Service of the same name) and
    /// returns the container under the Service's own name, if it is this Service's.
    /// </summary>
    public async Task<ContainerInfo?> RemoveLeftoversAsync(Service service, IReadOnlyList<ContainerInfo> containers, CancellationToken cancellationToken)
    {
        var current = containers.FirstOrDefault(c => c.Name == PodmanNames.Container(service.Namespace, service.Name));
        foreach (var stale in containers.Where(c => c != current))
        {
            LogRemovingStale(logger, stale.Name, service.Namespace, service.Name);
            await runtime.RemoveContainerAsync(stale.Id, cancellationToken).ConfigureAwait(false);
        }
        if (current is not null && current.Label(HomelabLabels.Uid) != service.Metadata.Uid)
        {
            await runtime.RemoveContainerAsync(current.Id, cancellationToken).ConfigureAwait(false);
            current = null;
        }
        return current;
    }

    /// <summary>
    /// This Service's containers: the one under its name and a replacement under the temporary name, if they carry this
    /// daemon's labels for it. A container of another owner that took the name is not ours to touch (creating ours then
    /// fails with podman's own words).
    /// </summary>
    private async Task<IReadOnlyList<ContainerInfo>> OwnContainersAsync(string ns, string name, CancellationToken cancellationToken)
    {
        var found = await runtime.InspectContainersAsync([PodmanNames.Container(ns, name), PodmanNames.ReplacementContainer(ns, name)], cancellationToken).ConfigureAwait(false);
        return found.Where(c => c.Label(HomelabLabels.ManagedBy) == _options.ManagedBy && c.Label(HomelabLabels.Namespace) == ns && c.Label(HomelabLabels.Name) == name).ToList();
    }

    /// <summary>
    /// The Service's network as status recorded it, when this Service's container proves it: attached to that network at
    /// the addresses Homelab derives from the recorded subnets, of the families the spec asks for. Saves a network inspect
    /// per reconcile; anything else (no container, a status edited by hand, an older network) is inspected.
    /// </summary>
    private static NetworkInfo? RecordedNetwork(Service service, ContainerInfo? container, IReadOnlyDictionary<string, string> labels, bool dualStack)
    {
        var name = PodmanNames.Network(service.Namespace, service.Name);
        if (container is null || service.Status is not { Subnet: { } subnet, Gateway: { } gateway } status || status.Network != name)
        {
            return null;
        }
        var subnet6 = status.Subnets?.FirstOrDefault(s => s.Contains(':', StringComparison.Ordinal));
        if ((subnet6 is not null) != dualStack)
        {
            return null;
        }
        var network = new NetworkInfo(name, "bridge", PodmanNames.Bridge(service.Namespace, service.Name), subnet, gateway, labels) { Subnet6 = subnet6 };
        return ContainerAddress.For(network) is { } address
            && container.Addresses.GetValueOrDefault(name) == address.Ip
            && container.Addresses6.GetValueOrDefault(name) == address.Ip6
            ? network
            : null;
    }

    private async Task<(NetworkInfo Network, bool Created)> EnsureNetworkAsync(Service service, IReadOnlyDictionary<string, string> labels, bool dualStack, CancellationToken cancellationToken)
    {
        var (ns, name) = (service.Namespace, service.Name);
        var networkName = PodmanNames.Network(ns, name);
        var request = new NetworkCreateRequest(networkName, labels) { BridgeName = PodmanNames.Bridge(ns, name), Ipv6 = dualStack };
        if (service.Status?.Network is null)
        {
            // A Service that never had a network almost never has one: create it at once, and look only when podman
            // says it exists.
            try
            {
                return (await runtime.CreateNetworkAsync(request, cancellationToken).ConfigureAwait(false), true);
            }
            catch (PodmanException e) when (e.IsAlreadyExists)
            {
                LogNetworkExists(logger, networkName, ns, name);
            }
        }
        var existing = await runtime.InspectNetworkAsync(networkName, cancellationToken).ConfigureAwait(false);
        var ours = existing is not null && existing.Label(HomelabLabels.Uid) == labels[HomelabLabels.Uid];
        if (ours && (existing!.Subnet6 is not null) == dualStack)
        {
            return (existing, false);
        }
        if (ours)
        {
            // netavark 1.4 cannot add or drop a family on an existing network (network update changes DNS only): the
            // network is made again, and podman removes the container on it, which the rollout then starts anew.
            LogReplacingFamilies(logger, networkName, ns, name, existing!.Subnet6 is null ? "IPv4 only" : "dual stack", dualStack ? "dual stack" : "IPv4 only");
            await runtime.RemoveNetworkAsync(existing.IdOrName, cancellationToken).ConfigureAwait(false);
        }
        else if (existing is not null)
        {
            if (existing.Label(HomelabLabels.ManagedBy) != _options.ManagedBy || existing.Label(HomelabLabels.Uid) is null)
            {
                throw new PodmanException($"network {networkName} exists but was not made by Homelab for this Service; remove or rename it");
            }
            // An earlier Service of the same name: the orphan pruner removes that network, and with it any container
            // started on it meanwhile, so this Service must not adopt it. Podman removes the old containers with it.
            LogReplacingEarlier(logger, networkName, ns, name);
            await runtime.RemoveNetworkAsync(existing.IdOrName, cancellationToken).ConfigureAwait(false);
        }
        return (await runtime.CreateNetworkAsync(request, cancellationToken).ConfigureAwait(false), true);
    }

    private async Task EnsureExtraNetworksAsync(Service service, IReadOnlyDictionary<string, string> labels, CancellationToken cancellationToken)
    {
        foreach (var extra in service.Spec.ExtraNetworks ?? [])
        {
            var networkName = PodmanNames.ExtraNetwork(service.Namespace, service.Name, extra.Name);
            if (await runtime.InspectNetworkAsync(networkName, cancellationToken).ConfigureAwait(false) is null)
            {
                await runtime.CreateNetworkAsync(
                    new NetworkCreateRequest(networkName, labels) { Driver = extra.Driver, Parent = extra.Parent, Subnet = extra.Subnet, Gateway = extra.Gateway },
                    cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task EnsureVolumesAsync(Service service, IReadOnlyDictionary<string, string> labels, CancellationToken cancellationToken)
    {
        var named = (service.Spec.Volumes ?? []).Where(v => !string.IsNullOrEmpty(v.Name) && string.IsNullOrEmpty(v.HostPath)).ToList();
        if (named.Count == 0)
        {
            return;
        }
        var existing = (await runtime.ListVolumesAsync(HomelabLabels.Selector(service.Namespace, service.Name, _options.ManagedBy), cancellationToken).ConfigureAwait(false))
            .Select(v => v.Name)
            .ToHashSet(StringComparer.Ordinal);
        foreach (var volume in named)
        {
            var volumeName = PodmanNames.Volume(service.Namespace, service.Name, volume.Name!);
            if (!existing.Contains(volumeName))
            {
                await runtime.CreateVolumeAsync(volumeName, labels, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<string?> WriteConfigFilesAsync(Service service, string uid, CancellationToken cancellationToken)
    {
        var files = service.Spec.ConfigFiles ?? [];
        if (files.Count == 0)
        {
            return null;
        }
        var directory = ConfigFileWriter.DirectoryFor(_options.DataDir, uid);
        await ConfigFileWriter.WriteAsync(directory, files, cancellationToken).ConfigureAwait(false);
        return directory;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Removing stale container {Container} of Service {Namespace}/{Name}")]
    private static partial void LogRemovingStale(ILogger logger, string container, string @namespace, string name);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Network {Network} of new Service {Namespace}/{Name} exists already")]
    private static partial void LogNetworkExists(ILogger logger, string network, string @namespace, string name);

    [LoggerMessage(Level = LogLevel.Information, Message = "Replacing network {Network} of Service {Namespace}/{Name}: it is {Had}, the Service asks for {Wants}")]
    private static partial void LogReplacingFamilies(ILogger logger, string network, string @namespace, string name, string had, string wants);

    [LoggerMessage(Level = LogLevel.Information, Message = "Replacing network {Network} of an earlier Service {Namespace}/{Name}")]
    private static partial void LogReplacingEarlier(ILogger logger, string network, string @namespace, string name);
}
