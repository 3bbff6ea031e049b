using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Homelab.Api.Values;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Homelab.Podman;

/// <summary><see cref="IContainerRuntime"/> on the podman CLI: one process per operation, JSON output, argument lists only.</summary>
internal sealed partial class PodmanRuntime(ProcessRunner runner, PodmanApi api, IOptions<PodmanOptions> options, ILogger<PodmanRuntime> logger, PodmanMetrics? metrics = null) : IContainerRuntime
{
    // Subnets this process handed out, by network name, until it removes that network. A network being created is not
    // listed by podman yet (and a listing taken just before may miss it), so allocations also avoid these: listing
    // (slow) happens outside the lock, picking (fast) inside, and network creations run in parallel.
    private readonly Dictionary<string, string[]> _reservedSubnets = new(StringComparer.Ordinal);
    private readonly Lock _subnetLock = new();
    private readonly PodmanOptions _options = options.Value;
    private (IReadOnlyList<string> Subnets, long At)? _listedSubnets;
    private string? _ipv6Prefix;
    private readonly Dictionary<string, (ImageInfo Image, long At)> _resolvedImages = new(StringComparer.Ordinal);

    public async Task<PodmanHostInfo> GetHostInfoAsync(CancellationToken cancellationToken)
    {
        var result = await CheckedAsync(["info", "--format", "json"], "info", cancellationToken).ConfigureAwait(false);
        return PodmanJson.HostInfo(result.StandardOutput);
    }

    public async Task ProbeContainerRunAsync(CancellationToken cancellationToken)
    {
        var init = PodmanHost.FindHelper("catatonit") ?? throw new PodmanException("catatonit is missing: nothing to run a probe container with");
        var name = string.Create(CultureInfo.InvariantCulture, $"hl-preflight-{Environment.ProcessId}");
        var rootfs = Directory.CreateTempSubdirectory("homelab-preflight-").FullName;
        try
        {
            File.Copy(init, Path.Combine(rootfs, "catatonit"));
            // Not a bridge name Homelab gives Services (PodmanNames.IsBridgeName), so nothing mistakes it for one.
            var bridge = string.Create(CultureInfo.InvariantCulture, $"hlpf{Environment.ProcessId % 100_000_000:x}");
            var request = new NetworkCreateRequest(name, new Dictionary<string, string> { [HomelabLabels.ManagedBy] = _options.ManagedBy }) { BridgeName = bridge };
            try
            {
                await CreateNetworkAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (PodmanException e) when (e.IsAlreadyExists)
            {
                // Left by an earlier process of the same pid that died mid-probe.
                await RemoveNetworkAsync(name, cancellationToken).ConfigureAwait(false);
                await CreateNetworkAsync(request, cancellationToken).ConfigureAwait(false);
            }
            try
            {
                await CheckedAsync(["run", "--rm", "--network", name, "--rootfs", rootfs, "/catatonit", "--version"], "run", cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                await RemoveNetworkAsync(name, CancellationToken.None).ConfigureAwait(false);
            }
        }
        finally
        {
            Directory.Delete(rootfs, recursive: true);
        }
    }

    public async Task<NetworkInfo?> InspectNetworkAsync(string name, CancellationToken cancellationToken)
    {
        var result = await RunAsync(["network", "inspect", "--format", "json", name], cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            return IsNotFound(result) ? null : throw Failure("network inspect", result);
        }
        return PodmanJson.Networks(result.StandardOutput).FirstOrDefault();
    }

    public async Task<IReadOnlyList<NetworkInfo>> ListNetworksAsync(IReadOnlyDictionary<string, string> labels, CancellationToken cancellationToken)
    {
        var result = await CheckedAsync(["network", "ls", "--format", "json", .. LabelFilters(labels)], "network ls", cancellationToken).ConfigureAwait(false);
        return PodmanJson.Networks(result.StandardOutput);
    }

    public async Task<NetworkInfo> CreateNetworkAsync(NetworkCreateRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Subnet is not null || request.Driver != "bridge")
        {
            return await CreateNetworkAsync(request, [(request.Subnet, request.Gateway)], reserved: false, cancellationToken).ConfigureAwait(false);
        }
        var pool6 = request.Ipv6 ? Ipv6Pool() : null;
        // Podman's own subnets are listed at most every SubnetListLifetime: a converge creating many networks pays for
        // one listing, not one each. A subnet taken meanwhile by someone else makes podman refuse; then list again.
        for (var attempt = 0; ; attempt++)
        {
            var listed = await ListedSubnetsAsync(refresh: attempt > 0, cancellationToken).ConfigureAwait(false);
            var onHost = HostSubnets().ToList();
            string[] subnets;
            lock (_subnetLock)
            {
                var used = listed.Concat(_reservedSubnets.Values.SelectMany(r => r)).Concat(onHost).Concat(request.AvoidSubnets).ToList();
                var subnet = SubnetAllocator.Allocate(_options.SubnetPool, _options.SubnetPrefixLength, used);
                subnets = pool6 is null ? [subnet] : [subnet, SubnetAllocator.Allocate(pool6, 64, used, nameof(PodmanOptions.Ipv6Pool))];
                _reservedSubnets[request.Name] = subnets;
            }
            try
            {
                return await CreateNetworkAsync(request, [.. subnets.Select(s => ((string?)s, (string?)SubnetAllocator.Gateway(s)))], reserved: true, cancellationToken).ConfigureAwait(false);
            }
            catch (PodmanException e) when (attempt == 0 && e.PodmanError.StartsWith("subnet ", StringComparison.Ordinal)
                && e.PodmanError.Contains(" is already used", StringComparison.Ordinal))
            {
                LogSubnetsTaken(logger, string.Join(", ", subnets));
            }
        }
    }

    /// <summary>The configured IPv6 pool, or the homelab's own prefix, chosen on first use and kept in the data directory.</summary>
    private string Ipv6Pool()
    {
        if (_options.Ipv6Pool is { } configured)
        {
            return UniqueLocalPrefix.IsIPv6Prefix(configured)
                ? configured
                : throw new PodmanException($"PodmanOptions.Ipv6Pool \"{configured}\" is not an IPv6 prefix of /64 or wider such as fd12:3456:789a::/48");
        }
        lock (_subnetLock)
        {
            if (_ipv6Prefix is null)
            {
                _ipv6Prefix = UniqueLocalPrefix.LoadOrCreate(_options.DataDir, out var created);
                if (created)
                {
                    LogChoseIpv6Prefix(logger, _ipv6Prefix, Path.Combine(_options.DataDir, UniqueLocalPrefix.FileName));
                }
            }
            return _ipv6Prefix;
        }
    }

    private async Task<IReadOnlyList<string>> ListedSubnetsAsync(bool refresh, CancellationToken cancellationToken)
    {
        lock (_subnetLock)
        {
            if (!refresh && _listedSubnets is { } cached && Stopwatch.GetElapsedTime(cached.At) < _options.SubnetListLifetime)
            {
                return cached.Subnets;
            }
        }
        var all = await ListNetworksAsync(new Dictionary<string, string>(), cancellationToken).ConfigureAwait(false);
        var subnets = all.SelectMany(n => new[] { n.Subnet, n.Subnet6 }).OfType<string>().ToList();
        lock (_subnetLock)
        {
            _listedSubnets = (subnets, Stopwatch.GetTimestamp());
        }
        return subnets;
    }

    /// <summary>
    /// Creates the network through Podman's API, which takes the bridge's name (its command line does not before 4.5)
    /// and answers with the network as created: no inspect needed. The fields are those `podman network create` sets;
    /// one subnet per family makes a dual-stack network (netavark 1.4 then turns IPv6 forwarding on by itself).
    /// </summary>
    private async Task<NetworkInfo> CreateNetworkAsync(NetworkCreateRequest request, IReadOnlyList<(string? Subnet, string? Gateway)> subnets, bool reserved, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["name"] = request.Name,
            ["driver"] = request.Driver,
            ["labels"] = new JsonObject(request.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => KeyValuePair.Create(l.Key, (JsonNode?)l.Value))),
            ["dns_enabled"] = true,
        };
        // network_interface names the bridge of a bridge network and the parent device of a macvlan/ipvlan one (where
        // the command line's --opt parent= lands too).
        if ((request.Driver == "bridge" ? request.BridgeName : request.Parent) is { } networkInterface)
        {
            body["network_interface"] = networkInterface;
        }
        var entries = new JsonArray();
        foreach (var (subnet, gateway) in subnets)
        {
            if (subnet is not null)
            {
                var entry = new JsonObject { ["subnet"] = subnet };
                if (gateway is not null)
                {
                    entry["gateway"] = gateway;
                }
                entries.Add((JsonNode)entry);
            }
        }
        if (entries.Count > 0)
        {
            body["subnets"] = entries;
            body["ipv6_enabled"] = subnets.Any(s => s.Subnet?.Contains(':', StringComparison.Ordinal) == true);
        }
        try
        {
            var created = PodmanJson.Networks(await api.PostAsync("networks/create", body, "network create", cancellationToken).ConfigureAwait(false)).FirstOrDefault()
                ?? throw new PodmanException($"podman network create: the API's answer for {request.Name} names no network");
            LogCreatedNetwork(logger, created.Name, created.Subnet, created.Subnet6 is { } v6 ? ", " + v6 : "", created.BridgeName);
            return created;
        }
        catch when (reserved)
        {
            // Not created, so not listed by podman: give the subnets back.
            lock (_subnetLock)
            {
                _reservedSubnets.Remove(request.Name);
            }
            throw;
        }
    }

    public async Task RemoveNetworkAsync(string name, CancellationToken cancellationToken)
    {
        var result = await RunAsync(["network", "rm", "--force", name], cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded && !IsNotFound(result))
        {
            throw Failure("network rm", result);
        }
        lock (_subnetLock)
        {
            _reservedSubnets.Remove(name);
        }
    }

    public async Task<IReadOnlyList<string>> RemoveStaleBridgesAsync(CancellationToken cancellationToken)
    {
        // Interfaces first, networks second: a bridge that appears meanwhile belongs to a network listed by then.
        var bridges = NetworkInterface.GetAllNetworkInterfaces()
            .Select(i => i.Name)
            .Where(n => PodmanNames.IsBridgeName(n) && Directory.Exists($"/sys/class/net/{n}/bridge"))
            .ToList();
        if (bridges.Count == 0)
        {
            return [];
        }
        var claimed = (await ListNetworksAsync(new Dictionary<string, string>(), cancellationToken).ConfigureAwait(false))
            .Select(n => n.BridgeName)
            .ToHashSet(StringComparer.Ordinal);
        var removed = new List<string>();
        foreach (var bridge in bridges.Where(b => !claimed.Contains(b)))
        {
            var result = await runner.RunAsync(_options.IpPath, ["link", "delete", bridge, "type", "bridge"], _options.CommandTimeout, cancellationToken).ConfigureAwait(false);
            if (result.Succeeded)
            {
                LogRemovedBridge(logger, bridge);
                removed.Add(bridge);
            }
            else
            {
                LogBridgeNotRemoved(logger, bridge, result.StandardError.Trim());
            }
        }
        return removed;
    }

    public async Task<ContainerInfo?> InspectContainerAsync(string nameOrId, CancellationToken cancellationToken)
    {
        var result = await RunAsync(["container", "inspect", "--format", "json", nameOrId], cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            return IsNotFound(result) ? null : throw Failure("container inspect", result);
        }
        return PodmanJson.Containers(result.StandardOutput).FirstOrDefault();
    }

    public async Task<IReadOnlyList<ContainerInfo>> InspectContainersAsync(IReadOnlyList<string> namesOrIds, CancellationToken cancellationToken)
    {
        var result = await RunAsync(["container", "inspect", "--format", "json", .. namesOrIds], cancellationToken).ConfigureAwait(false);
        // Podman prints the containers it found and fails for the rest with "no such container".
        return result.Succeeded || IsNotFound(result) ? PodmanJson.Containers(result.StandardOutput) : throw Failure("container inspect", result);
    }

    public async Task<IReadOnlyList<ContainerInfo>> ListContainersAsync(IReadOnlyDictionary<string, string> labels, CancellationToken cancellationToken)
    {
        var list = await CheckedAsync(["ps", "--all", "--format", "json", .. LabelFilters(labels)], "ps", cancellationToken).ConfigureAwait(false);
        var ids = PodmanJson.ContainerIds(list.StandardOutput);
        if (ids.Count == 0)
        {
            return [];
        }
        // A container removed between ps and inspect is left out.
        return await InspectContainersAsync(ids, cancellationToken).ConfigureAwait(false);
    }

    public async Task<string> CreateContainerAsync(ContainerDefinition definition, CancellationToken cancellationToken)
    {
        var result = await CheckedAsync(ContainerArgs.Create(definition), "create", cancellationToken).ConfigureAwait(false);
        return result.StandardOutput.Trim();
    }

    public async Task<string> RunContainerAsync(ContainerDefinition definition, CancellationToken cancellationToken)
    {
        var result = await CheckedAsync(ContainerArgs.Run(definition), "run", cancellationToken).ConfigureAwait(false);
        return result.StandardOutput.Trim();
    }

    public Task StartContainerAsync(string nameOrId, CancellationToken cancellationToken) =>
        CheckedAsync(["start", nameOrId], "start", cancellationToken);

    public Task StopContainerAsync(string nameOrId, TimeSpan? timeout, CancellationToken cancellationToken) =>
        CheckedAsync(
            timeout is { } t ? ["stop", "--time", ((long)Math.Ceiling(t.TotalSeconds)).ToString(CultureInfo.InvariantCulture), nameOrId] : ["stop", nameOrId],
            "stop",
            cancellationToken);

    public async Task RemoveContainerAsync(string nameOrId, CancellationToken cancellationToken)
    {
        var result = await RunAsync(["rm", "--force", "--time", "10", nameOrId], cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded && !IsNotFound(result))
        {
            throw Failure("rm", result);
        }
    }

    public Task RenameContainerAsync(string nameOrId, string newName, CancellationToken cancellationToken) =>
        CheckedAsync(["rename", nameOrId, newName], "rename", cancellationToken);

    public async Task RunHealthCheckAsync(string nameOrId, CancellationToken cancellationToken)
    {
        // Exit 1 means "unhealthy", which podman records in the container's state; only other failures are errors.
        var result = await RunAsync(["healthcheck", "run", nameOrId], cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded && result.ExitCode != 1)
        {
            throw Failure("healthcheck run", result);
        }
    }

    public async Task<bool> IsAliveAsync(ContainerInfo container, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(container);
        var (conmon, process) = (ProcessTable.IsAlive(container.ConmonPid), ProcessTable.IsAlive(container.Pid));
        if (conmon == false || process == false)
        {
            return false;
        }
        if (conmon == true && process == true)
        {
            return true;
        }
        // Podman did not say a pid: ask the OCI runtime, whose own state podman's record may have outlived. Only its
        // "stopped" proves the death; no answer leaves the container as podman says.
        var runtime = container.OciRuntime ?? "runc";
        var state = await runner.RunAsync(runtime, ["state", container.Id], _options.CommandTimeout, cancellationToken).ConfigureAwait(false);
        return !state.Succeeded || OciState.IsRunning(state.StandardOutput) != false;
    }

    public async Task<ImageInfo?> InspectImageAsync(string reference, CancellationToken cancellationToken)
    {
        var result = await RunAsync(["image", "inspect", "--format", "json", reference], cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            return IsNotFound(result) ? null : throw Failure("image inspect", result);
        }
        return PodmanJson.Images(result.StandardOutput).FirstOrDefault();
    }

    public async Task<ImageInfo> PullImageAsync(string reference, CancellationToken cancellationToken)
    {
        var parsed = ImageReference.Parse(reference);
        // Many Services share an image: one answer serves a whole converge. Kept briefly, so a tag moved by hand is
        // seen within ImageResolveLifetime; the UpdatePolicy controller moves Services by writing digests instead.
        lock (_resolvedImages)
        {
            if (_resolvedImages.TryGetValue(reference, out var cached) && Stopwatch.GetElapsedTime(cached.At) < Lifetime(reference))
            {
                return cached.Image;
            }
        }
        // Pulled only when not present (Kubernetes' IfNotPresent): a moved tag is the UpdatePolicy controller's
        // business, and it writes the new digest into the spec, which is then present or pulled by digest.
        var image = await InspectImageAsync(reference, cancellationToken).ConfigureAwait(false);
        if (image is null)
        {
            await CheckedAsync(["pull", "--quiet", reference], "pull", cancellationToken).ConfigureAwait(false);
            image = await InspectImageAsync(reference, cancellationToken).ConfigureAwait(false)
                ?? throw new PodmanException($"image {reference} was pulled but cannot be inspected");
        }
        image = parsed.Digest is null ? image : image with { Digest = parsed.Digest };
        lock (_resolvedImages)
        {
            // Each update brings a new digest reference: forget the expired ones so the map does not grow for ever.
            foreach (var expired in _resolvedImages.Where(r => Stopwatch.GetElapsedTime(r.Value.At) >= Lifetime(r.Key)).Select(r => r.Key).ToList())
            {
                _resolvedImages.Remove(expired);
            }
            _resolvedImages[reference] = (image, Stopwatch.GetTimestamp());
        }
        return image;
    }

    public async Task<ImageInfo> PullVerifiedAsync(string reference, string signaturePolicy, CancellationToken cancellationToken)
    {
        var parsed = ImageReference.Parse(reference);
        await CheckedAsync(["pull", "--quiet", "--signature-policy", signaturePolicy, reference], "pull", cancellationToken).ConfigureAwait(false);
        var image = await InspectImageAsync(reference, cancellationToken).ConfigureAwait(false)
            ?? throw new PodmanException($"image {reference} was pulled but cannot be inspected");
        return parsed.Digest is null ? image : image with { Digest = parsed.Digest };
    }

    /// <summary>
    /// A digest names the same image for ever, and podman create pulls one that left local storage, so its answer is kept
    /// longer than a tag's, which may move.
    /// </summary>
    private TimeSpan Lifetime(string reference) =>
        reference.Contains('@', StringComparison.Ordinal) ? _options.DigestResolveLifetime : _options.ImageResolveLifetime;

    public async Task<IReadOnlyList<LocalImageInfo>> ListImagesAsync(CancellationToken cancellationToken)
    {
        var result = await CheckedAsync(["images", "--format", "json"], "images", cancellationToken).ConfigureAwait(false);
        return PodmanJson.LocalImages(result.StandardOutput);
    }

    public async Task RemoveImageAsync(string reference, CancellationToken cancellationToken) =>
        await CheckedAsync(["rmi", reference], "rmi", cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<VolumeInfo>> ListVolumesAsync(IReadOnlyDictionary<string, string> labels, CancellationToken cancellationToken)
    {
        var result = await CheckedAsync(["volume", "ls", "--format", "json", .. LabelFilters(labels)], "volume ls", cancellationToken).ConfigureAwait(false);
        return PodmanJson.Volumes(result.StandardOutput);
    }

    public async Task CreateVolumeAsync(string name, IReadOnlyDictionary<string, string> labels, CancellationToken cancellationToken)
    {
        var args = new List<string> { "volume", "create" };
        foreach (var (key, value) in labels.OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            args.Add("--label");
            args.Add($"{key}={value}");
        }
        args.Add(name);
        // Podman 4.3 has no --ignore: a volume that already exists (made by hand, or by a racing reconcile) is fine.
        var result = await RunAsync(args, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded && !ErrorText(result.StandardError).Contains("already exists", StringComparison.OrdinalIgnoreCase))
        {
            throw Failure("volume create", result);
        }
    }

    public async Task RemoveVolumeAsync(string name, CancellationToken cancellationToken)
    {
        var result = await RunAsync(["volume", "rm", "--force", name], cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded && !IsNotFound(result))
        {
            throw Failure("volume rm", result);
        }
    }

    public async IAsyncEnumerable<string> StreamLogsAsync(string nameOrId, bool follow, int? tailLines, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var args = new List<string> { "logs" };
        if (follow)
        {
            args.Add("--follow");
        }
        if (tailLines is { } tail)
        {
            args.Add("--tail");
            args.Add(tail.ToString(CultureInfo.InvariantCulture));
        }
        args.Add(nameOrId);
        await foreach (var line in runner.StreamLinesAsync(_options.PodmanPath, args, cancellationToken).ConfigureAwait(false))
        {
            yield return line;
        }
    }

    public async IAsyncEnumerable<ContainerEvent> WatchContainerEventsAsync(IReadOnlyDictionary<string, string> labels, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var args = new List<string> { "events", "--format", "json", "--filter", "type=container" };
        args.AddRange(LabelFilters(labels));
        await foreach (var line in runner.StreamLinesAsync(_options.PodmanPath, args, cancellationToken).ConfigureAwait(false))
        {
            if (PodmanJson.ContainerEvent(line) is { } e)
            {
                yield return e;
            }
            else
            {
                // stderr is merged in: podman's warnings ("failed to connect to syslog") are not events.
                LogEventsOutput(logger, line);
            }
        }
    }

    /// <summary>
    /// Subnets on the host's interfaces: podman refuses those ("already used on the host"), and a bridge podman failed to
    /// tear down outlives its network, so without this the allocator would offer the same refused subnet forever.
    /// </summary>
    private static IEnumerable<string> HostSubnets() =>
        NetworkInterface.GetAllNetworkInterfaces()
            .SelectMany(i => i.GetIPProperties().UnicastAddresses)
            .Where(a => a.Address.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a.Address))
            .Select(a => string.Create(CultureInfo.InvariantCulture, $"{a.Address}/{a.PrefixLength}"));

    private async Task<ProcessResult> CheckedAsync(IReadOnlyList<string> args, string operation, CancellationToken cancellationToken)
    {
        var result = await RunAsync(args, cancellationToken).ConfigureAwait(false);
        return result.Succeeded ? result : throw Failure(operation, result);
    }

    private async Task<ProcessResult> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var result = await runner.RunAsync(_options.PodmanPath, args, _options.CommandTimeout, cancellationToken).ConfigureAwait(false);
        metrics?.Ran(args, result.ExitCode, Stopwatch.GetElapsedTime(started));
        // Every podman call passes here: the command line is only put together when it is written.
        if (logger.IsEnabled(LogLevel.Debug))
        {
            LogRan(logger, ProcessRunner.Describe("podman", args), result.ExitCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        return result;
    }

    private static PodmanException Failure(string operation, ProcessResult result) =>
        new("podman " + operation, result.ExitCode, ErrorText(result.StandardError));

    private static bool IsNotFound(ProcessResult result) =>
        new PodmanException("podman", result.ExitCode, ErrorText(result.StandardError)).IsNotFound;

    /// <summary>Podman prefixes its message with "Error: " and may log warnings before it; the last error line is the one that matters.</summary>
    private static string ErrorText(string stderr)
    {
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var error = lines.LastOrDefault(l => l.StartsWith("Error: ", StringComparison.Ordinal)) ?? lines.LastOrDefault() ?? "";
        return error.StartsWith("Error: ", StringComparison.Ordinal) ? error["Error: ".Length..] : error;
    }

    private static IEnumerable<string> LabelFilters(IReadOnlyDictionary<string, string> labels) =>
        labels.OrderBy(l => l.Key, StringComparer.Ordinal).SelectMany(l => new[] { "--filter", $"label={l.Key}={l.Value}" });

    [LoggerMessage(Level = LogLevel.Debug, Message = "Subnets {Subnets} were taken since podman's networks were last listed; listing again")]
    private static partial void LogSubnetsTaken(ILogger logger, string subnets);

    [LoggerMessage(Level = LogLevel.Information, Message = "Chose the IPv6 prefix {Prefix} for Service networks; kept in {File}")]
    private static partial void LogChoseIpv6Prefix(ILogger logger, string prefix, string file);

    [LoggerMessage(Level = LogLevel.Information, Message = "Created network {Network} ({Subnet}{Subnet6}, bridge {Bridge})")]
    private static partial void LogCreatedNetwork(ILogger logger, string network, string? subnet, string subnet6, string bridge);

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed stale bridge {Bridge}: no podman network claims it")]
    private static partial void LogRemovedBridge(ILogger logger, string bridge);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not remove stale bridge {Bridge}: {Error}")]
    private static partial void LogBridgeNotRemoved(ILogger logger, string bridge, string error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "podman events: {Line}")]
    private static partial void LogEventsOutput(ILogger logger, string line);

    [LoggerMessage(Level = LogLevel.Debug, SkipEnabledCheck = true, Message = "{Operation} exited {ExitCode} after {ElapsedMs:F0} ms")]
    private static partial void LogRan(ILogger logger, string operation, int exitCode, double elapsedMs);
}
