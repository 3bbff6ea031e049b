using System.Globalization;
using System.Text.Json.Nodes;
using Homelab.Translation.Export;
using Homelab.Translation.Import.Compose;

namespace Homelab.Translation.Import.Quadlet;

/// <summary>
/// A directory of Podman quadlets (<c>.container</c>, <c>.network</c>, <c>.volume</c>) read into the same
/// <see cref="ComposeProject"/> a Compose file gives, so one importer maps both: each key of Podman's systemd generator
/// becomes the Compose field that means the same, and every key without one is a warning naming the unit file and
/// the key. The project is named after the directory; a container without Network= is on Podman's default network,
/// which all such containers share, as Podman runs them.
/// </summary>
internal sealed class QuadletLoader(Func<string, string?> environment, List<ConversionWarning> warnings)
{
    /// <summary>The default network's name in the project, as Podman names it.</summary>
    public const string DefaultNetwork = "podman";

    private static readonly Dictionary<string, string> UnmappedReasons = new(StringComparer.Ordinal)
    {
        ["PodmanArgs"] = "raw podman arguments: Homelab has no such field; map each to a Service field by hand",
        ["Mount"] = "Homelab mounts named volumes and host paths with Volume's syntax only",
        ["Timezone"] = "set TZ in Environment instead",
        ["SeccompProfile"] = "Homelab keeps Podman's default seccomp profile",
        ["SecurityLabelDisable"] = "Homelab keeps Podman's default SELinux labels",
        ["SecurityLabelType"] = "Homelab keeps Podman's default SELinux labels",
        ["Notify"] = "Homelab does not use sd_notify; readiness is the health check",
        ["IP"] = "Homelab assigns addresses itself",
        ["IP6"] = "Homelab assigns addresses itself",
        ["EnvironmentHost"] = "Homelab never copies the host's environment into a container",
        ["HealthOnFailure"] = "Homelab restarts per restartPolicy; the update controller rolls back an unhealthy update",
        ["HealthStartupCmd"] = "Homelab has one health check",
        ["NoNewPrivileges"] = "Homelab always sets no-new-privileges",
        ["RunInit"] = "Homelab always runs catatonit as PID 1 (it forwards signals and reaps zombies)",
        ["AutoUpdate"] = "updates are UpdatePolicies in Homelab (hlctl updates)",
        ["Rootfs"] = "Homelab runs images from a registry",
        ["Pod"] = "Homelab has no pods",
    };

    /// <summary>
    /// Keys that mean what a Compose field means, which the shared importer maps or warns about with Compose's reason;
    /// its warnings name the key again (<see cref="FieldName"/>).
    /// </summary>
    private static readonly Dictionary<string, string> ComposeFields = new(StringComparer.Ordinal)
    {
        ["PidsLimit"] = "pids_limit", ["Tmpfs"] = "tmpfs", ["HostName"] = "hostname", ["Sysctl"] = "sysctls", ["Ulimit"] = "ulimits",
        ["LogDriver"] = "logging", ["Annotation"] = "annotations", ["Pull"] = "pull_policy", ["UserNS"] = "userns_mode", ["AddHost"] = "extra_hosts",
        ["DNS"] = "dns", ["DNSSearch"] = "dns_search", ["DNSOption"] = "dns_opt", ["ShmSize"] = "shm_size", ["StopSignal"] = "stop_signal",
        ["GroupAdd"] = "group_add",
    };

    private static readonly Dictionary<string, string> QuadletKeys = ComposeFields.ToDictionary(f => f.Value, f => f.Key, StringComparer.Ordinal);

    private static readonly HashSet<string> Truths = new(StringComparer.OrdinalIgnoreCase) { "true", "yes", "1", "on" };

    public (ComposeProject Project, Func<string, string> FieldName) Load(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new ImportException($"{directory}: not a directory");
        }
        directory = Path.GetFullPath(directory).TrimEnd('/');
        var name = ComposeValues.Name(Path.GetFileName(directory));
        var networks = new JsonObject();
        var volumes = new JsonObject();
        var secrets = new JsonObject();
        var services = new List<ComposeService>();
        foreach (var file in Directory.EnumerateFiles(directory).Order(StringComparer.Ordinal))
        {
            var unit = Path.GetFileNameWithoutExtension(file);
            switch (Path.GetExtension(file))
            {
                case ".container":
                    var definition = Container(file, unit, secrets, volumes);
                    ComposeNormalizer.Service(definition, directory, environment);
                    services.Add(new ComposeService(unit, definition, file, new Dictionary<string, string>()));
                    break;
                case ".network":
                    networks[unit] = Resource(file, "Network", unit, "NetworkName", key => key == "Internal"
                        ? "Homelab Services may always reach outside; limit egress with a NetworkPolicy of type Egress"
                        : "Homelab makes a bridge network per Service and assigns its addresses itself; not imported");
                    break;
                case ".volume":
                    volumes[unit] = Resource(file, "Volume", unit, "VolumeName", _ => "Homelab volumes are local Podman volumes it makes itself, with no options; not imported");
                    break;
                case ".pod" or ".kube" or ".image" or ".build":
                    warnings.Add(new(file, $"{Path.GetExtension(file)[1..]} {unit}", "unit", "Homelab has no such object (no pods, Kubernetes YAML, image or build units); not imported"));
                    break;
            }
        }
        if (services.Count == 0)
        {
            throw new ImportException($"{directory}: no .container units");
        }
        var project = new ComposeProject(name, directory, services, networks, volumes, secrets, new JsonObject(), environment);
        return (project, FieldName);
    }

    private List<UnitEntry> Read(string file)
    {
        try
        {
            return SystemdUnit.Parse(File.ReadAllText(file), file, environment("HOME") ?? "/root");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ImportException($"{file}: {e.Message}");
        }
    }

    /// <summary>A .network or .volume unit: its name (quadlet's default systemd-UNIT) and what Homelab has no place for.</summary>
    private JsonObject Resource(string file, string section, string unit, string nameKey, Func<string, string> reason)
    {
        var result = new JsonObject { ["name"] = "systemd-" + unit };
        foreach (var entry in Read(file).Where(e => e.Section == section))
        {
            if (entry.Key == nameKey)
            {
                result["name"] = entry.Value;
            }
            else
            {
                warnings.Add(new(file, $"{section.ToLowerInvariant()} {unit}", entry.Key, entry.Key == "Label"
                    ? $"Homelab puts no labels of yours on its {section.ToLowerInvariant()}s; not imported"
                    : reason(entry.Key)));
            }
        }
        return result;
    }

    /// <summary>A .container unit as the Compose service that means the same.</summary>
    private JsonObject Container(string file, string unit, JsonObject secrets, JsonObject projectVolumes)
    {
        var service = new JsonObject { ["container_name"] = "systemd-" + unit };
        var environmentMap = new JsonObject();
        var ports = new JsonArray();
        var expose = new JsonArray();
        var volumes = new JsonArray();
        var networks = new JsonObject();
        var labels = new JsonObject();
        var capAdd = new JsonArray();
        var devices = new JsonArray();
        var envFiles = new JsonArray();
        var serviceSecrets = new JsonArray();
        var health = new JsonObject();
        var after = new List<string>();
        string? user = null;
        string? group = null;
        void Warn(UnitEntry e, string reason) => warnings.Add(new(file, $"service {unit}", e.Key, reason));
        static JsonArray Words(string value) => [.. ShellWords.Split(value).Select(w => (JsonNode)w)];
        static void Append(JsonArray list, string value) => list.Add((JsonNode)value);
        foreach (var e in Read(file))
        {
            switch (e.Section, e.Key)
            {
                case ("Container", "Image"): service["image"] = e.Value; break;
                case ("Container", "Exec"): service["command"] = Words(e.Value); break;
                case ("Container", "Entrypoint"): service["entrypoint"] = Words(e.Value); break;
                case ("Container", "WorkingDir"): service["working_dir"] = e.Value; break;
                case ("Container", "ContainerName"): service["container_name"] = e.Value; break;
                case ("Container", "Environment"):
                    foreach (var pair in ShellWords.Split(e.Value))
                    {
                        var eq = pair.IndexOf('=', StringComparison.Ordinal);
                        environmentMap[eq < 0 ? pair : pair[..eq]] = eq < 0 ? null : pair[(eq + 1)..];
                    }
                    break;
                case ("Container", "EnvironmentFile"): Append(envFiles, e.Value); break;
                case ("Container", "PublishPort"): Append(ports, e.Value); break;
                case ("Container", "ExposeHostPort"): Append(expose, e.Value); break;
                case ("Container", "Volume"):
                    // SOURCE.volume names a .volume unit of this directory; another bare name is a Podman volume
                    // that already exists under that very name.
                    var parts = e.Value.Split(':');
                    if (parts[0].EndsWith(".volume", StringComparison.Ordinal))
                    {
                        parts[0] = parts[0][..^".volume".Length];
                    }
                    else if (parts.Length > 1 && parts[0] is not ['/' or '.' or '~', ..])
                    {
                        projectVolumes[parts[0]] ??= new JsonObject { ["name"] = parts[0] };
                    }
                    Append(volumes, string.Join(':', parts));
                    break;
                case ("Container", "Network"):
                    foreach (var network in e.Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                    {
                        if (network is "host" or "none" || network.StartsWith("container:", StringComparison.Ordinal))
                        {
                            service["network_mode"] = network;
                        }
                        else
                        {
                            networks[network.EndsWith(".network", StringComparison.Ordinal) ? network[..^".network".Length] : network] = null;
                        }
                    }
                    break;
                case ("Container", "Label"):
                    foreach (var pair in ShellWords.Split(e.Value))
                    {
                        var eq = pair.IndexOf('=', StringComparison.Ordinal);
                        labels[eq < 0 ? pair : pair[..eq]] = eq < 0 ? "" : pair[(eq + 1)..];
                    }
                    break;
                case ("Container", "AddCapability"): ShellWords.Split(e.Value).ForEach(c => Append(capAdd, c)); break;
                case ("Container", "DropCapability"): service["cap_drop"] = Words(e.Value); break;
                case ("Container", "User"): user = e.Value; break;
                case ("Container", "Group"): group = e.Value; break;
                case ("Container", "ReadOnly"): service["read_only"] = Truths.Contains(e.Value); break;
                case ("Container", "AddDevice"): Append(devices, e.Value.TrimStart('-')); break;
                case ("Container", "NoNewPrivileges" or "RunInit") when Truths.Contains(e.Value): break;
                // Podman reads a JSON list as the exec form and anything else as a shell command, as Compose does.
                case ("Container", "HealthCmd"): health["test"] = e.Value.StartsWith('[') ? ExecForm(file, e) : e.Value; break;
                case ("Container", "HealthInterval"): health["interval"] = e.Value; break;
                case ("Container", "HealthTimeout"): health["timeout"] = e.Value; break;
                case ("Container", "HealthRetries"): health["retries"] = e.Value; break;
                case ("Container", "HealthStartPeriod"): health["start_period"] = e.Value; break;
                case ("Container", "StopTimeout"): service["stop_grace_period"] = e.Value + (int.TryParse(e.Value, NumberStyles.None, CultureInfo.InvariantCulture, out _) ? "s" : ""); break;
                case ("Container", "Secret"):
                    var options = e.Value.Split(',');
                    var target = options.Skip(1).Select(o => o.Split('=', 2)).FirstOrDefault(o => o[0] == "target")?[1];
                    if (options.Skip(1).Any(o => o is "type=env"))
                    {
                        Warn(e, "Homelab delivers secrets as files only, never in the environment (podman inspect shows it); mounted under /run/secrets instead");
                    }
                    secrets[options[0]] = new JsonObject { ["external"] = true };
                    serviceSecrets.Add((JsonNode)new JsonObject { ["source"] = options[0], ["target"] = target ?? options[0] });
                    break;
                case ("Container", var key) when ComposeFields.TryGetValue(key, out var field): service[field] = e.Value; break;
                case ("Service", "Restart"): service["restart"] = e.Value == "on-failure" || e.Value.StartsWith("on-", StringComparison.Ordinal) ? "on-failure" : e.Value == "no" ? "no" : "always"; break;
                case ("Unit", "After" or "Requires" or "Wants" or "BindsTo"):
                    after.AddRange(e.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(u => !u.EndsWith(".target", StringComparison.Ordinal)));
                    break;
                // What documents a unit, and when systemd starts it: Homelab starts every Service with homelabd.
                case ("Unit", "Description" or "Documentation"): break;
                case ("Install", _): break;
                case ("Service", "TimeoutStartSec" or "TimeoutStopSec" or "RestartSec"):
                    Warn(e, "Homelab has its own start and restart timing (back-off from 10 s to 5 min)");
                    break;
                default:
                    Warn(e, UnmappedReasons.GetValueOrDefault(e.Key, "Homelab has no such setting; not imported"));
                    break;
            }
        }
        void Set(string key, JsonNode node, bool any)
        {
            if (any)
            {
                service[key] = node;
            }
        }
        Set("environment", environmentMap, environmentMap.Count > 0);
        Set("env_file", envFiles, envFiles.Count > 0);
        Set("ports", ports, ports.Count > 0);
        Set("expose", expose, expose.Count > 0);
        Set("volumes", volumes, volumes.Count > 0);
        Set("networks", networks.Count > 0 ? networks : new JsonObject { [DefaultNetwork] = null }, service["network_mode"] is null);
        Set("labels", labels, labels.Count > 0);
        Set("cap_add", capAdd, capAdd.Count > 0);
        Set("devices", devices, devices.Count > 0);
        Set("secrets", serviceSecrets, serviceSecrets.Count > 0);
        Set("healthcheck", health, health.Count > 0);
        if (user is not null || group is not null)
        {
            service["user"] = group is null ? user : $"{user ?? "0"}:{group}";
        }
        if (after.Count > 0)
        {
            warnings.Add(new(file, $"service {unit}", "After", $"Homelab starts every Service at once and restarts it per restartPolicy; the order ({string.Join(", ", after)}) is not kept"));
        }
        service["restart"] ??= "no";
        return service;
    }

    private static JsonArray ExecForm(string file, UnitEntry e)
    {
        try
        {
            return JsonNode.Parse(e.Value) is JsonArray list && list.All(w => w is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.String)
                ? [(JsonNode)"CMD", .. list.Select(w => w!.DeepClone())]
                : throw new ImportException($"{file}: line {e.Line}: {e.Key}: a list of strings in JSON, or a shell command");
        }
        catch (System.Text.Json.JsonException)
        {
            throw new ImportException($"{file}: line {e.Line}: {e.Key}: \"{e.Value}\" starts as a JSON list but is not one");
        }
    }

    /// <summary>The quadlet key a Compose field came from, for the warnings the shared importer gives.</summary>
    private static string FieldName(string field)
    {
        var at = field.IndexOfAny(['.', '[']);
        var head = at < 0 ? field : field[..at];
        var rest = at < 0 ? "" : field[at..];
        var key = head switch
        {
            "image" => "Image", "command" => "Exec", "entrypoint" => "Entrypoint", "working_dir" => "WorkingDir", "environment" => "Environment",
            "env_file" => "EnvironmentFile", "ports" => "PublishPort", "expose" => "ExposeHostPort", "volumes" => "Volume", "networks" => "Network",
            "network_mode" => "Network", "labels" => "Label", "cap_add" => "AddCapability", "cap_drop" => "DropCapability", "user" => "User",
            "read_only" => "ReadOnly", "devices" => "AddDevice", "container_name" => "ContainerName", "secrets" => "Secret", "restart" => "Restart",
            "stop_grace_period" => "StopTimeout", "healthcheck" => rest switch
            {
                ".interval" => "HealthInterval", ".timeout" => "HealthTimeout", ".start_period" => "HealthStartPeriod", ".retries" => "HealthRetries", _ => "HealthCmd",
            },
            _ => QuadletKeys.GetValueOrDefault(head, head),
        };
        return head == "healthcheck" ? key : key + rest;
    }
}
