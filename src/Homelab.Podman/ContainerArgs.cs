using System.Globalization;
using Homelab.Api.Serialization;
using Homelab.Api.Resources;
using Homelab.Api.Values;

namespace Homelab.Podman;

/// <summary>
/// The pure half of container creation: a <see cref="ContainerDefinition"/> to the exact `podman create` argument list.
/// Secure defaults (no capabilities, no-new-privileges, an init process) are always there; a spec can only add to them.
/// </summary>
internal static class ContainerArgs
{
    public static IReadOnlyList<string> Create(ContainerDefinition definition) => Build(["create"], definition);

    /// <summary>The same container as <see cref="Create"/>, created and started by one podman process.</summary>
    public static IReadOnlyList<string> Run(ContainerDefinition definition) => Build(["run", "--detach"], definition);

    private static List<string> Build(IEnumerable<string> verb, ContainerDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var spec = definition.Spec;
        // The controller pulled (and, where an ImagePolicy asks, verified) exactly this digest: podman must run it or
        // fail, never fetch something on its own.
        var args = new List<string>(verb) { "--pull=never", "--name", definition.Name, "--hostname", definition.ServiceName };
        foreach (var (key, value) in definition.Labels.OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            args.Add("--label");
            args.Add($"{key}={value}");
        }

        args.Add("--network");
        // Podman 4.3 takes one ip= per family on a dual-stack network.
        args.Add(definition.Address is { } address
            ? $"{definition.Network}:ip={address.Ip},{(address.Ip6 is { } ip6 ? $"ip={ip6}," : "")}mac={address.Mac}"
            : definition.Network);
        foreach (var extra in spec.ExtraNetworks ?? [])
        {
            var network = PodmanNames.ExtraNetwork(definition.Namespace, definition.ServiceName, extra.Name);
            args.Add("--network");
            args.Add(string.IsNullOrEmpty(extra.Ip) ? network : $"{network}:ip={extra.Ip}");
        }

        // catatonit as PID 1 forwards signals and reaps zombies: without it a shell-launched server ignores SIGTERM
        // and every stop waits out the whole grace period.
        args.Add("--init");
        args.Add("--security-opt");
        args.Add("no-new-privileges");
        AddSecurity(args, definition);

        if (spec.Command is { Count: > 0 } command)
        {
            args.Add("--entrypoint");
            args.Add(HomelabJson.Serialize(command));
        }
        if (!string.IsNullOrEmpty(spec.WorkingDir))
        {
            args.Add("--workdir");
            args.Add(spec.WorkingDir);
        }
        foreach (var env in spec.Env ?? [])
        {
            args.Add("--env");
            args.Add($"{env.Name}={env.Value}");
        }
        foreach (var port in spec.Ports ?? [])
        {
            if (port.HostPort is not { } hostPort)
            {
                continue;
            }
            var protocol = (port.Protocol ?? Protocols.Tcp).ToLowerInvariant();
            var host = string.IsNullOrEmpty(port.HostIP) ? "" : Bracketed(port.HostIP) + ":";
            args.Add("--publish");
            args.Add(string.Create(CultureInfo.InvariantCulture, $"{host}{hostPort}:{port.ContainerPort}/{protocol}"));
        }
        foreach (var volume in spec.Volumes ?? [])
        {
            var source = volume.HostPath ?? PodmanNames.Volume(definition.Namespace, definition.ServiceName, volume.Name!);
            args.Add("--volume");
            args.Add($"{source}:{volume.MountPath}{(volume.ReadOnly == true ? ":ro" : "")}");
        }
        var configFiles = spec.ConfigFiles ?? [];
        // With --userns=auto the files must belong to the container's mapped ids: podman's U option chowns them so.
        var secretOptions = UsesAutoUserNamespace(definition) ? "ro,U" : "ro";
        for (var i = 0; i < configFiles.Count; i++)
        {
            args.Add("--volume");
            args.Add(configFiles[i].FromSecret is null
                ? $"{Path.Combine(RequireDir(definition.ConfigDir, "configFiles", nameof(definition.ConfigDir)), PodmanNames.ConfigFile(i, configFiles[i].MountPath))}:{configFiles[i].MountPath}:ro"
                : $"{Path.Combine(RequireDir(definition.SecretDir, "configFiles[].fromSecret", nameof(definition.SecretDir)), $"f{i}")}:{configFiles[i].MountPath}:{secretOptions}");
        }
        var secrets = spec.Secrets ?? [];
        for (var i = 0; i < secrets.Count; i++)
        {
            args.Add("--volume");
            args.Add($"{Path.Combine(RequireDir(definition.SecretDir, "secrets", nameof(definition.SecretDir)), $"m{i}")}:{secrets[i].MountPath}:{secretOptions}");
        }
        foreach (var device in spec.Devices ?? [])
        {
            args.Add("--device");
            args.Add($"{device.HostPath}:{device.ContainerPath ?? device.HostPath}:{device.Permissions ?? "rwm"}");
        }
        AddResources(args, spec.Resources);
        AddHealthCheck(args, spec.HealthCheck);

        // Podman's restart policy restarts a crashing process at once, forever: the Service controller applies
        // spec.restartPolicy itself, with back-off.
        args.Add("--restart");
        args.Add("no");
        if (!string.IsNullOrEmpty(spec.StopGracePeriod))
        {
            var grace = Duration.Parse(spec.StopGracePeriod).Value;
            args.Add("--stop-timeout");
            args.Add(((long)Math.Ceiling(grace.TotalSeconds)).ToString(CultureInfo.InvariantCulture));
        }

        args.Add(definition.PinnedImage);
        args.AddRange(spec.Args ?? []);
        return args;
    }

    private static void AddSecurity(List<string> args, ContainerDefinition definition)
    {
        var security = definition.Spec.SecurityContext;
        if (security?.Privileged == true)
        {
            args.Add("--privileged");
        }
        else
        {
            args.Add("--cap-drop=all");
            foreach (var capability in security?.Capabilities?.Add ?? [])
            {
                args.Add("--cap-add=" + capability);
            }
        }
        if (security?.RunAsUser is { } user)
        {
            args.Add("--user");
            args.Add(security.RunAsGroup is { } group
                ? string.Create(CultureInfo.InvariantCulture, $"{user}:{group}")
                : user.ToString(CultureInfo.InvariantCulture));
        }
        else if (security?.RunAsGroup is { } groupOnly)
        {
            args.Add("--group-add");
            args.Add(groupOnly.ToString(CultureInfo.InvariantCulture));
        }
        if (security?.ReadOnlyRootFilesystem == true)
        {
            args.Add("--read-only");
        }
        // A private user namespace needs subordinate ids for "containers"; without them the container shares the host's
        // and the controller reports that it fell back.
        if (UsesAutoUserNamespace(definition))
        {
            args.Add("--userns=auto");
        }
    }

    private static bool UsesAutoUserNamespace(ContainerDefinition definition) =>
        definition.Spec.SecurityContext?.UserNamespace != UserNamespaceModes.Host && definition.Spec.SecurityContext?.Privileged != true
        && definition.UserNamespacesAvailable;

    private static string RequireDir(string? directory, string field, string property) =>
        directory ?? throw new InvalidOperationException($"a spec with {field} needs ContainerDefinition.{property}");

    private static void AddResources(List<string> args, ResourceLimits? resources)
    {
        if (resources is null)
        {
            return;
        }
        if (!string.IsNullOrEmpty(resources.Memory))
        {
            args.Add("--memory");
            args.Add(Quantity.Parse(resources.Memory).Bytes.ToString(CultureInfo.InvariantCulture));
        }
        if (!string.IsNullOrEmpty(resources.Cpus))
        {
            args.Add("--cpus");
            args.Add(decimal.Parse(resources.Cpus, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture));
        }
        if (resources.Pids is { } pids)
        {
            args.Add("--pids-limit");
            args.Add(pids.ToString(CultureInfo.InvariantCulture));
        }
    }

    private static void AddHealthCheck(List<string> args, HealthCheck? health)
    {
        if (health is null || health.Command.Count == 0)
        {
            return;
        }
        args.Add("--health-cmd");
        // Podman 4 reads a JSON array as exec form and adds "CMD" itself; a "CMD" of ours would become part of the program name.
        args.Add(HomelabJson.Serialize(health.Command));
        // Either spelling of the timing (Kubernetes' or compose's) ends up as podman's flags; podman counts the failing
        // streak that homelabd's liveness restart reads.
        var timing = HealthCheckTiming.Of(health);
        args.Add("--health-interval");
        args.Add(new Duration(timing.Period).ToString());
        args.Add("--health-timeout");
        args.Add(new Duration(timing.Timeout).ToString());
        args.Add("--health-start-period");
        args.Add(new Duration(timing.StartPeriod).ToString());
        args.Add("--health-retries");
        args.Add(timing.FailureThreshold.ToString(CultureInfo.InvariantCulture));
    }

    private static string Bracketed(string ip) => ip.Contains(':', StringComparison.Ordinal) ? $"[{ip}]" : ip;
}
