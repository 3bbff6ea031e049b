using System.Globalization;
using System.Text.Json.Nodes;
using Homelab.Api.Resources;

namespace Homelab.Translation.Import.Compose;

/// <summary>
/// What a service became, and what the project-wide steps need from it: its networks (policies) and the names its
/// container has when it runs outside Homelab (adoption), in the order they are looked for.
/// </summary>
internal sealed record ImportedService(Service Service, IReadOnlyList<string> Networks, IReadOnlyList<string> ContainerNames, string Source);

/// <summary>
/// One Compose service → one Homelab Service: every field Homelab has a place for is mapped, every other one is a
/// warning naming the file, the service, the field and why (<see cref="ServiceFields"/>). Storage (volumes, secrets,
/// configs) is <see cref="ComposeStorage"/>'s part.
/// </summary>
internal sealed class ComposeServiceImporter(ComposeProject project, string ns, ComposeStorage storage)
{
    public ImportedService? Import(ServiceFields fields)
    {
        var spec = new ServiceSpec();
        var image = ComposeValues.Text(fields.Take("image"));
        if (image is null)
        {
            fields.Warn(fields.Has("build") ? "build" : "image", fields.Has("build")
                ? "Homelab runs images from a registry and this service has no image: build and push it, name it in image and import again; the service is not imported"
                : "the service names no image; it is not imported");
            return null;
        }
        spec.Image = image;
        spec.Command = ComposeValues.Words(fields.Take("entrypoint"));
        spec.Args = ComposeValues.Words(fields.Take("command"));
        spec.WorkingDir = ComposeValues.Text(fields.Take("working_dir"));
        spec.Env = Environment(fields);
        spec.Ports = Ports(fields);
        storage.Mounts(fields, spec);
        spec.Devices = Devices(fields);
        spec.HealthCheck = HealthCheck(fields);
        var deploy = fields.Take("deploy") as JsonObject;
        Deploy(fields, deploy);
        spec.RestartPolicy = Restart(fields, deploy);
        spec.StopGracePeriod = Checked(fields, "stop_grace_period", ComposeValues.Duration, "is not a duration");
        spec.Resources = Resources(fields, deploy?["resources"] as JsonObject);
        spec.SecurityContext = Security(fields);
        var networks = Networks(fields);
        var containerName = ComposeValues.Text(fields.Take("container_name"));
        if (containerName is not null)
        {
            fields.Warn("container_name", $"Homelab names the container hl-{ns}-{ComposeValues.Name(fields.Name)}; --adopt compares with {containerName}");
        }
        DependsOn(fields);
        Inert(fields);

        var service = new Service { Spec = spec };
        service.Metadata.Name = ComposeValues.Name(fields.Name);
        service.Metadata.Namespace = ns;
        service.Metadata.Labels = new Dictionary<string, string>(StringComparer.Ordinal) { [ComposeLabels.Project] = project.Name, [ComposeLabels.Service] = ComposeValues.Name(fields.Name) };
        foreach (var network in networks)
        {
            service.Metadata.Labels[ComposeLabels.Network(network)] = "true";
        }
        service.Metadata.Annotations = Annotations(fields);
        fields.ReportLeftovers(UnmappedFields.Reasons);
        // Without container_name, Compose v2 names a service's container PROJECT-SERVICE-1, and Compose v1 and
        // podman-compose PROJECT_SERVICE_1.
        IReadOnlyList<string> containerNames = containerName is not null ? [containerName] : [$"{project.Name}-{fields.Name}-1", $"{project.Name}_{fields.Name}_1"];
        return new ImportedService(service, networks, containerNames, project.Source);
    }

    /// <summary>env_file first, in order, then environment, which wins, as in Compose.</summary>
    private List<EnvVar>? Environment(ServiceFields fields)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (fields.Take("env_file") is JsonArray files)
        {
            foreach (var file in files.OfType<JsonObject>())
            {
                var path = file["path"]!.ToString();
                if (!File.Exists(path))
                {
                    if (ComposeValues.Bool(file["required"]) != false)
                    {
                        throw new ImportException($"{fields.Object}: env_file: {path} does not exist (mark it required: false if that is fine)");
                    }
                    continue;
                }
                foreach (var (key, value) in DotEnv.Parse(File.ReadAllText(path), path, project.Environment))
                {
                    values[key] = value;
                }
            }
        }
        if (fields.Take("environment") is JsonObject environment)
        {
            foreach (var (key, value) in environment)
            {
                if (ComposeValues.Text(value) is { } text)
                {
                    values[key] = text;
                }
                else
                {
                    fields.Warn($"environment.{key}", "not a scalar value; not imported");
                }
            }
        }
        return values.Count == 0 ? null : [.. values.Select(v => new EnvVar { Name = v.Key, Value = v.Value })];
    }

    private static List<ServicePort>? Ports(ServiceFields fields)
    {
        var ports = new List<ServicePort>();
        foreach (var (entry, i) in (fields.Take("ports") as JsonArray ?? []).Select((e, i) => (e as JsonObject, i)))
        {
            var field = $"ports[{i}]";
            if (entry is null || ComposeValues.Int(entry["target"]) is not { } target)
            {
                fields.Warn(field, "not a port; not imported");
                continue;
            }
            var protocol = (ComposeValues.Text(entry["protocol"]) ?? "tcp").ToUpperInvariant();
            if (protocol is not (Protocols.Tcp or Protocols.Udp))
            {
                fields.Warn(field, $"protocol {protocol}: Homelab publishes TCP and UDP only; not imported");
                continue;
            }
            var port = new ServicePort { ContainerPort = target, Protocol = protocol == Protocols.Tcp ? null : protocol, Name = ComposeValues.Text(entry["name"]) };
            if (ComposeValues.Text(entry["published"]) is { } published)
            {
                if (ComposeValues.Int(published) is not { } hostPort)
                {
                    fields.Warn(field, $"published \"{published}\": Homelab publishes one host port per container port; not imported");
                    continue;
                }
                port.HostPort = hostPort;
                port.HostIP = ComposeValues.Text(entry["host_ip"]);
            }
            if (entry["app_protocol"] is not null)
            {
                fields.Warn($"{field}.app_protocol", "Homelab has no application protocol on ports");
            }
            ports.Add(port);
        }
        foreach (var exposed in fields.Take("expose") as JsonArray ?? [])
        {
            // expose declares a port other containers may use without publishing it: a container port alone.
            var text = ComposeValues.Text(exposed) ?? "";
            var slash = text.IndexOf('/', StringComparison.Ordinal);
            if (ComposeValues.Int(slash < 0 ? text : text[..slash]) is { } port && !ports.Any(p => p.ContainerPort == port))
            {
                var protocol = slash < 0 ? null : text[(slash + 1)..].ToUpperInvariant();
                ports.Add(new ServicePort { ContainerPort = port, Protocol = protocol == Protocols.Udp ? protocol : null });
            }
        }
        return ports.Count == 0 ? null : ports;
    }

    private static List<DeviceMapping>? Devices(ServiceFields fields)
    {
        var devices = new List<DeviceMapping>();
        foreach (var (entry, i) in (fields.Take("devices") as JsonArray ?? []).Select((e, i) => (e, i)))
        {
            if (entry is JsonObject o && ComposeValues.Text(o["source"]) is { } source)
            {
                devices.Add(new DeviceMapping { HostPath = source, ContainerPath = ComposeValues.Text(o["target"]), Permissions = ComposeValues.Text(o["permissions"]) });
            }
            else if (ComposeValues.Text(entry) is { } text)
            {
                var parts = text.Split(':');
                devices.Add(new DeviceMapping { HostPath = parts[0], ContainerPath = parts.Length > 1 ? parts[1] : null, Permissions = parts.Length > 2 ? parts[2] : null });
            }
            else
            {
                fields.Warn($"devices[{i}]", "not a device; not imported");
            }
        }
        return devices.Count == 0 ? null : devices;
    }

    private static HealthCheck? HealthCheck(ServiceFields fields)
    {
        if (fields.Take("healthcheck") is not JsonObject check)
        {
            return null;
        }
        if (ComposeValues.Bool(check["disable"]) == true || ComposeValues.Words(check["test"]) is ["NONE"])
        {
            fields.Warn("healthcheck.disable", "Homelab has no way to switch off a health check the image declares; it is left as the image has it");
            return null;
        }
        List<string>? command = check["test"] switch
        {
            JsonArray list when ComposeValues.Words(list) is [ "CMD", .. var rest ] => rest,
            JsonArray list when ComposeValues.Words(list) is [ "CMD-SHELL", var shell ] => ["/bin/sh", "-c", shell],
            JsonValue v when ComposeValues.Text(v) is { } shell => ["/bin/sh", "-c", shell],
            _ => null,
        };
        if (command is not { Count: > 0 })
        {
            fields.Warn("healthcheck.test", "neither [\"CMD\", …], [\"CMD-SHELL\", \"…\"] nor a string; no health check imported");
            return null;
        }
        var health = new HealthCheck { Command = command, Retries = ComposeValues.Int(check["retries"]) };
        foreach (var (key, set) in new (string, Action<string>)[] { ("interval", v => health.Interval = v), ("timeout", v => health.Timeout = v), ("start_period", v => health.StartPeriod = v) })
        {
            if (check[key] is { } value)
            {
                if (ComposeValues.Duration(value) is { } duration)
                {
                    set(duration);
                }
                else
                {
                    fields.Warn($"healthcheck.{key}", $"\"{value}\" is not a duration; not imported");
                }
            }
        }
        if (check["start_interval"] is not null)
        {
            fields.Warn("healthcheck.start_interval", "Homelab probes at one interval throughout");
        }
        return health;
    }

    /// <summary>Compose's default is no restart; deploy.restart_policy counts when restart is not given.</summary>
    private static string? Restart(ServiceFields fields, JsonObject? deploy)
    {
        var restart = ComposeValues.Text(fields.Take("restart"));
        var condition = ComposeValues.Text(deploy?["restart_policy"]?["condition"]);
        if (restart is null && condition is not null)
        {
            restart = condition switch { "any" => "always", "on-failure" => "on-failure", _ => "no" };
        }
        switch (restart)
        {
            case null or "no":
                return RestartPolicies.Never;
            case "always" or "unless-stopped":
                return RestartPolicies.Always;
            case var r when r.StartsWith("on-failure", StringComparison.Ordinal):
                if (r.Contains(':', StringComparison.Ordinal))
                {
                    fields.Warn("restart", "Homelab retries without a limit, backing off up to 5 minutes; the retry count is not imported");
                }
                return RestartPolicies.OnFailure;
            default:
                fields.Warn("restart", $"\"{restart}\" is not a Compose restart policy; not imported");
                return null;
        }
    }

    /// <summary>deploy: resources are kept for <see cref="Resources"/>; everything else is swarm-only or has no place.</summary>
    private static void Deploy(ServiceFields fields, JsonObject? deploy)
    {
        foreach (var (key, value) in deploy ?? [])
        {
            switch (key)
            {
                case "resources":
                    break;
                case "replicas" when ComposeValues.Int(value) == 1:
                    break;
                case "replicas":
                    fields.Warn("deploy.replicas", "a Homelab Service is one container; one is run");
                    break;
                case "restart_policy":
                    foreach (var (inner, _) in value as JsonObject ?? [])
                    {
                        if (inner != "condition")
                        {
                            fields.Warn($"deploy.restart_policy.{inner}", "Homelab restarts with its own back-off (10 s doubling to 5 min), without a limit");
                        }
                    }
                    break;
                default:
                    fields.Warn($"deploy.{key}", UnmappedFields.Reasons.GetValueOrDefault($"deploy.{key}", "swarm only; not imported"));
                    break;
            }
        }
    }

    private static ResourceLimits? Resources(ServiceFields fields, JsonObject? resources)
    {
        var limits = new ResourceLimits
        {
            Memory = Checked(fields, "mem_limit", n => ComposeValues.Quantity(ComposeValues.Size(n)), "is not a size"),
            Cpus = Checked(fields, "cpus", n => ComposeValues.Quantity(ComposeValues.Text(n)), "is not a number of CPUs"),
            Pids = ComposeValues.Int(fields.Take("pids_limit")),
        };
        if (resources is not null)
        {
            var limit = resources["limits"] as JsonObject;
            limits.Memory ??= ComposeValues.Quantity(ComposeValues.Size(limit?["memory"]));
            limits.Cpus ??= ComposeValues.Quantity(ComposeValues.Text(limit?["cpus"]));
            limits.Pids ??= ComposeValues.Int(limit?["pids"]);
            foreach (var (key, _) in limit ?? [])
            {
                if (key is not ("memory" or "cpus" or "pids"))
                {
                    fields.Warn($"deploy.resources.limits.{key}", "Homelab limits memory, cpus and pids only");
                }
            }
            if (resources["reservations"] is not null)
            {
                fields.Warn("deploy.resources.reservations", "Homelab has limits (resources), not reservations; not imported");
            }
        }
        return limits is { Memory: null, Cpus: null, Pids: null } ? null : limits;
    }

    private static string? Checked(ServiceFields fields, string key, Func<JsonNode?, string?> convert, string problem)
    {
        if (fields.Take(key) is not { } node)
        {
            return null;
        }
        var value = convert(node);
        if (value is null)
        {
            fields.Warn(key, $"\"{node}\" {problem}; not imported");
        }
        return value;
    }

    private static SecurityContext? Security(ServiceFields fields)
    {
        var security = new SecurityContext
        {
            ReadOnlyRootFilesystem = ComposeValues.Bool(fields.Take("read_only")),
            Privileged = ComposeValues.Bool(fields.Take("privileged")) == true ? true : null,
        };
        if (ComposeValues.Text(fields.Take("user")) is { } user)
        {
            var parts = user.Split(':');
            if (long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var uid)
                && (parts.Length == 1 || long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out _)))
            {
                security.RunAsUser = uid;
                security.RunAsGroup = parts.Length > 1 ? long.Parse(parts[1], CultureInfo.InvariantCulture) : null;
            }
            else
            {
                fields.Warn("user", $"\"{user}\": Homelab takes numeric ids (runAsUser, runAsGroup); look the name up in the image's /etc/passwd");
            }
        }
        var add = new List<string>();
        foreach (var (cap, i) in (fields.Take("cap_add") as JsonArray ?? []).Select((c, i) => (ComposeValues.Text(c), i)))
        {
            if (cap is null || !LinuxCapabilities.IsKnown(cap))
            {
                fields.Warn($"cap_add[{i}]", cap == "ALL" ? "Homelab adds capabilities by name; use privileged for all of them" : $"\"{cap}\" is not a Linux capability; not imported");
                continue;
            }
            add.Add(LinuxCapabilities.Normalize(cap)[4..]);
        }
        security.Capabilities = add.Count > 0 ? new Capabilities { Add = add } : null;
        // Homelab starts every container with no capabilities: a dropped one is dropped already.
        fields.Take("cap_drop");
        foreach (var (option, i) in (fields.Take("security_opt") as JsonArray ?? []).Select((o, i) => (ComposeValues.Text(o), i)))
        {
            if (option is not ("no-new-privileges" or "no-new-privileges:true" or "no-new-privileges=true"))
            {
                fields.Warn($"security_opt[{i}]", $"\"{option}\": Homelab sets no-new-privileges and Podman's default SELinux, seccomp and AppArmor profiles, and nothing else");
            }
        }
        return security is { ReadOnlyRootFilesystem: null, Privileged: null, RunAsUser: null, RunAsGroup: null, Capabilities: null } ? null : security;
    }

    private static List<string> Networks(ServiceFields fields)
    {
        var mode = ComposeValues.Text(fields.Take("network_mode"));
        if (mode is not null and not "bridge")
        {
            fields.Warn("network_mode", $"\"{mode}\": every Homelab Service has a network of its own; NetworkPolicies decide who reaches it");
        }
        var networks = new List<string>();
        switch (fields.Take("networks"))
        {
            case JsonObject map:
                foreach (var (name, settings) in map)
                {
                    networks.Add(name);
                    foreach (var (key, _) in settings as JsonObject ?? [])
                    {
                        fields.Warn($"networks.{name}.{key}", key is "aliases"
                            ? "Homelab Services have no DNS names on a network; reach them by IP or published port"
                            : "Homelab assigns addresses itself; not imported");
                    }
                }
                break;
            case null when mode is null or "bridge":
                networks.Add("default");
                break;
        }
        return networks;
    }

    private static void DependsOn(ServiceFields fields)
    {
        foreach (var (name, settings) in fields.Take("depends_on") as JsonObject ?? [])
        {
            var condition = ComposeValues.Text(settings?["condition"]) ?? "service_started";
            fields.Warn($"depends_on.{name}", $"Homelab starts every Service at once and restarts it per restartPolicy; it does not wait for {name} ({condition})");
        }
    }

    /// <summary>Fields Homelab already behaves as they ask, or which only decide how Compose itself runs.</summary>
    private static void Inert(ServiceFields fields)
    {
        if (ComposeValues.Bool(fields.Take("init")) == false)
        {
            fields.Warn("init", "Homelab always runs catatonit as PID 1 (it forwards signals and reaps zombies)");
        }
        fields.Take("extends");
    }

    /// <summary>Compose labels go on the container; Homelab puts none of yours there, so they are kept as annotations.</summary>
    private static Dictionary<string, string>? Annotations(ServiceFields fields)
    {
        if (fields.Take("labels") is not JsonObject { Count: > 0 } labels)
        {
            return null;
        }
        fields.Warn("labels", "Homelab puts no labels of yours on the container; they are kept as the Service's annotations");
        return labels.Where(l => ComposeValues.Text(l.Value) is not null).ToDictionary(l => l.Key, l => ComposeValues.Text(l.Value)!, StringComparer.Ordinal);
    }
}
