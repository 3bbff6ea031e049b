using System.Text;
using System.Text.Json.Nodes;
using Homelab.Api.Resources;
using Homelab.Translation.Export;

namespace Homelab.Translation.Import.Compose;

/// <summary>
/// Volumes, secrets and configs: a named volume keeps its name as the Service's volume (its data stays where Compose
/// put it, which is warned), a bind mount is a hostPath, a secret is a Homelab Secret mounted as one file where Compose
/// mounts it (/run/secrets/NAME), a config is a config file with its content. Secret values are read from their files
/// into the Secret and never printed.
/// </summary>
internal sealed class ComposeStorage(ComposeProject project, string ns, List<ConversionWarning> warnings)
{
    private readonly Dictionary<string, List<string>> _volumeUsers = new(StringComparer.Ordinal);

    public void Mounts(ServiceFields fields, ServiceSpec spec)
    {
        var volumes = new List<VolumeMount>();
        foreach (var (entry, i) in (fields.Take("volumes") as JsonArray ?? []).Select((e, i) => (e as JsonObject, i)))
        {
            if (Volume(fields, entry, $"volumes[{i}]") is { } mount)
            {
                volumes.Add(mount);
            }
        }
        spec.Volumes = volumes.Count == 0 ? null : volumes;
        var files = new List<ConfigFile>();
        foreach (var (entry, i) in (fields.Take("secrets") as JsonArray ?? []).Select((e, i) => (e as JsonObject, i)))
        {
            if (Secret(fields, entry, $"secrets[{i}]") is { } file)
            {
                files.Add(file);
            }
        }
        foreach (var (entry, i) in (fields.Take("configs") as JsonArray ?? []).Select((e, i) => (e as JsonObject, i)))
        {
            if (Config(fields, entry, $"configs[{i}]") is { } file)
            {
                files.Add(file);
            }
        }
        spec.ConfigFiles = files.Count == 0 ? null : files;
    }

    private VolumeMount? Volume(ServiceFields fields, JsonObject? entry, string field)
    {
        var target = ComposeValues.Text(entry?["target"]);
        var type = ComposeValues.Text(entry?["type"]) ?? "volume";
        if (entry is null || target is null)
        {
            fields.Warn(field, "not a volume; not imported");
            return null;
        }
        foreach (var key in new[] { "options", "bind", "volume", "tmpfs", "consistency" })
        {
            if (entry[key] is { } extra && key != "consistency")
            {
                fields.Warn($"{field}.{key}", $"{extra.ToJsonString()}: Homelab mounts read-write or read-only, with no other options");
            }
        }
        var readOnly = ComposeValues.Bool(entry["read_only"]) == true ? true : (bool?)null;
        var source = ComposeValues.Text(entry["source"]);
        switch (type)
        {
            case "bind":
                return new VolumeMount { HostPath = source, MountPath = target, ReadOnly = readOnly };
            case "volume":
                if (source is null)
                {
                    var anonymous = ComposeValues.Name("anon-" + target.Replace('/', '-'));
                    fields.Warn(field, $"an anonymous volume: Homelab keeps it as the named volume {anonymous}, kept on delete");
                    return new VolumeMount { Name = anonymous, MountPath = target, ReadOnly = readOnly };
                }
                var name = source;
                var volumeName = ComposeValues.Name(name);
                var podmanName = project.Volumes[name] is JsonObject declared && ComposeValues.Text(declared["name"]) is { } given ? given : $"{project.Name}_{name}";
                fields.Warn(field, $"this data is in the volume {podmanName} now; Homelab mounts hl-{ns}-{ComposeValues.Name(fields.Name)}-{volumeName}: copy the data over before the Service starts (podman volume export {podmanName} | podman volume import hl-{ns}-{ComposeValues.Name(fields.Name)}-{volumeName} -)");
                if (!_volumeUsers.TryGetValue(name, out var users))
                {
                    _volumeUsers[name] = users = [];
                }
                users.Add(fields.Name);
                if (users.Count == 2)
                {
                    fields.Warn(field, $"the volume {name} is shared with {users[0]}: every Homelab Service has volumes of its own, so they no longer share it");
                }
                return new VolumeMount { Name = volumeName, MountPath = target, ReadOnly = readOnly };
            default:
                fields.Warn(field, $"type {type}: Homelab mounts named volumes and host paths only; not imported");
                return null;
        }
    }

    private ConfigFile? Secret(ServiceFields fields, JsonObject? entry, string field)
    {
        var source = ComposeValues.Text(entry?["source"]);
        if (source is null || project.Secrets[source] is not JsonObject)
        {
            throw new ImportException($"{fields.Object}: {field}: names the secret \"{source}\", which the top-level secrets do not declare");
        }
        var target = ComposeValues.Text(entry!["target"]) ?? source;
        UidGid(fields, entry, field);
        return new ConfigFile
        {
            MountPath = target.StartsWith('/') ? target : "/run/secrets/" + target,
            FromSecret = new SecretKeySelector { Name = SecretName(source), Key = SecretKey(source) },
            Mode = ComposeValues.Mode(entry["mode"]) ?? "0444",
        };
    }

    private ConfigFile? Config(ServiceFields fields, JsonObject? entry, string field)
    {
        var source = ComposeValues.Text(entry?["source"]);
        if (source is null || project.Configs[source] is not JsonObject config)
        {
            throw new ImportException($"{fields.Object}: {field}: names the config \"{source}\", which the top-level configs do not declare");
        }
        var target = ComposeValues.Text(entry!["target"]) ?? "/" + source;
        UidGid(fields, entry, field);
        string content;
        if (ComposeValues.Text(config["content"]) is { } inline)
        {
            content = inline;
        }
        else if (ComposeValues.Text(config["file"]) is { } file)
        {
            content = File.Exists(file) ? File.ReadAllText(file) : throw new ImportException($"configs.{source}.file: {file} does not exist");
        }
        else if (ComposeValues.Text(config["environment"]) is { } variable)
        {
            content = project.Environment(variable) ?? throw new ImportException($"configs.{source}.environment: {variable} is not set");
        }
        else
        {
            fields.Warn(field, $"the config {source} is external: Homelab has no config objects; write its content into configFiles");
            return null;
        }
        return new ConfigFile { MountPath = target, Content = content, Mode = ComposeValues.Mode(entry["mode"]) };
    }

    private static void UidGid(ServiceFields fields, JsonObject entry, string field)
    {
        foreach (var key in new[] { "uid", "gid" })
        {
            if (entry[key] is not null)
            {
                fields.Warn($"{field}.{key}", "Homelab writes the file owned by the Service's securityContext.runAsUser/runAsGroup");
            }
        }
    }

    public static string SecretName(string source) => ComposeValues.Name(source);

    /// <summary>The key keeps the compose name where a Secret key may hold it ([-._a-zA-Z0-9]).</summary>
    public static string SecretKey(string source) =>
        source.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_') ? source : ComposeValues.Name(source);

    /// <summary>The top-level secrets, each a Secret with one key, its value read from the file or the variable named.</summary>
    public List<Secret> Secrets()
    {
        var secrets = new List<Secret>();
        foreach (var (name, definition) in project.Secrets)
        {
            var where = $"secret {name}";
            if (definition is not JsonObject secret)
            {
                continue;
            }
            byte[] value;
            if (ComposeValues.Text(secret["file"]) is { } file)
            {
                value = File.Exists(file) ? File.ReadAllBytes(file) : throw new ImportException($"{project.Source}: secrets.{name}.file: {file} does not exist");
            }
            else if (ComposeValues.Text(secret["environment"]) is { } variable)
            {
                value = Encoding.UTF8.GetBytes(project.Environment(variable) ?? throw new ImportException($"{project.Source}: secrets.{name}.environment: {variable} is not set"));
            }
            else
            {
                warnings.Add(new(project.Source, where, "external", $"not imported: create the Secret {SecretName(name)} with the key {SecretKey(name)} (hlctl create secret generic); until then the Services that mount it wait with SecretNotFound"));
                continue;
            }
            var result = new Secret { Data = new Dictionary<string, string>(StringComparer.Ordinal) { [SecretKey(name)] = Convert.ToBase64String(value) } };
            result.Metadata.Name = SecretName(name);
            result.Metadata.Namespace = ns;
            secrets.Add(result);
        }
        return secrets;
    }

    /// <summary>Top-level volume settings Homelab has no place for.</summary>
    public void ReportVolumes()
    {
        foreach (var (name, definition) in project.Volumes)
        {
            foreach (var (key, value) in definition as JsonObject ?? [])
            {
                if (key != "name")
                {
                    warnings.Add(new(project.Source, $"volume {name}", key, key == "external"
                        ? "Homelab makes its own volumes per Service; the data in the external volume must be copied over"
                        : $"Homelab volumes are local Podman volumes with no driver options; not imported"));
                }
            }
        }
    }
}
