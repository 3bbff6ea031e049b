using System.Text.Json.Nodes;
using Homelab.Api.Serialization;
using Homelab.Api.Values;
using Homelab.Translation.Export;

namespace Homelab.Translation.Import;

/// <summary>
/// The container's mounts, in order, back to volumes (claims and hostPaths), configFiles (ConfigMap keys, or one key of
/// a secret volume, mounted by subPath) and secrets (secret volumes mounted whole). hostPath mounts of the devices kept in homelab.dev/unexpressed are the export's stand-ins and are skipped:
/// the devices come back from the annotation.
/// </summary>
internal sealed class MountImporter(KubernetesObjects objects, KubernetesObjects.Entry deployment, string defaultVolumeSize, JsonObject unexpressed, WarningScope warnings)
{
    private const string MountsPath = "spec.template.spec.containers[0].volumeMounts";

    /// <summary>What kubelet gives files of ConfigMap and Secret volumes that name no mode, 0644.</summary>
    private const int KubernetesDefaultMode = 0x1A4;

    public void Import(JsonObject? container, JsonObject? pod, JsonObject result, JsonObject annotations)
    {
        // Volumes are read, not taken, while the mounts are walked (one volume may serve several mounts); what the mounts
        // used is taken afterwards, so the rest of a volume is still reported.
        var podVolumes = (Take.Array(pod, "volumes") ?? []).OfType<JsonObject>().Where(v => v["name"] is JsonValue)
            .GroupBy(v => JsonText.String(v["name"])!).ToDictionary(g => g.Key, g => g.First());
        var usedKeys = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var devices = Devices();
        var volumes = new JsonArray();
        var files = new JsonArray();
        var secrets = new JsonArray();
        foreach (var mount in (Take.Array(container, "volumeMounts") ?? []).OfType<JsonObject>())
        {
            if (JsonText.String(mount["name"]) is not { } name || !podVolumes.TryGetValue(name, out var volume))
            {
                continue; // left in place: reported as not imported
            }
            usedKeys.TryAdd(name, []);
            var mountPath = JsonText.String(mount["mountPath"]) ?? "";
            if (JsonText.String(volume["persistentVolumeClaim"]?["claimName"]) is { } claimName)
            {
                Claim(claimName, name, annotations);
                volumes.Add((JsonNode)Volume(name, null, Taken(mount), Take.Bool(mount, "readOnly")));
            }
            else if (JsonText.String(volume["hostPath"]?["path"]) is { } path)
            {
                if (!devices.Contains((path, mountPath)))
                {
                    var generated = name == KubernetesConventions.HostPathVolume(volumes.Count);
                    volumes.Add((JsonNode)Volume(generated ? null : name, path, Taken(mount), Take.Bool(mount, "readOnly")));
                }
                else
                {
                    Taken(mount);
                }
            }
            else if (volume["configMap"] is JsonObject configMap && ConfigFile(configMap, mount, usedKeys[name]) is { } file)
            {
                files.Add((JsonNode)file);
            }
            else if (volume["secret"] is JsonObject secret && mount["subPath"] is not null)
            {
                files.Add((JsonNode)SecretFile(secret, mount, usedKeys[name]));
            }
            else if (volume["secret"] is JsonObject whole)
            {
                secrets.Add((JsonNode)SecretMount(whole, mount, usedKeys[name]));
            }
        }
        if (volumes.Count > 0)
        {
            result["volumes"] = volumes;
        }
        if (files.Count > 0)
        {
            result["configFiles"] = files;
        }
        if (secrets.Count > 0)
        {
            result["secrets"] = secrets;
        }
        foreach (var (name, keys) in usedKeys)
        {
            TakeUsed(podVolumes[name], keys);
        }
    }

    /// <summary>Takes the mount's name and path, which every kind of mount uses; returns the path.</summary>
    private static string Taken(JsonObject mount)
    {
        Take.Node(mount, "name");
        return Take.String(mount, "mountPath") ?? "";
    }

    private static void TakeUsed(JsonObject volume, HashSet<string> keys)
    {
        Take.Node(volume, "name");
        Take.String(Take.Object(volume, "persistentVolumeClaim"), "claimName");
        var hostPath = Take.Object(volume, "hostPath");
        Take.String(hostPath, "path");
        Take.IfEquals(hostPath, "type", "");
        var configMap = Take.Object(volume, "configMap");
        Take.String(configMap, "name");
        var secret = Take.Object(volume, "secret");
        Take.String(secret, "secretName");
        foreach (var source in (JsonObject?[])[configMap, secret])
        {
            Take.Long(source, "defaultMode");
            foreach (var item in (Take.Array(source, "items") ?? []).OfType<JsonObject>().Where(i => keys.Contains(JsonText.String(i["key"]) ?? "")))
            {
                Take.Node(item, "key");
                Take.Node(item, "path");
                Take.Long(item, "mode");
            }
        }
    }

    private HashSet<(string HostPath, string MountPath)> Devices() =>
        [.. (unexpressed["devices"] as JsonArray ?? []).OfType<JsonObject>()
            .Where(d => JsonText.String(d["hostPath"]) is not null)
            .Select(d => (JsonText.String(d["hostPath"])!, JsonText.String(d["containerPath"]) ?? JsonText.String(d["hostPath"])!))];

    private static JsonObject Volume(string? name, string? hostPath, string mountPath, bool? readOnly)
    {
        var volume = new JsonObject();
        if (name is not null)
        {
            volume["name"] = name;
        }
        if (hostPath is not null)
        {
            volume["hostPath"] = hostPath;
        }
        volume["mountPath"] = mountPath;
        if (readOnly is { } value)
        {
            volume["readOnly"] = value;
        }
        return volume;
    }

    /// <summary>The claim's size becomes the Service's volume-size annotation unless it is the default.</summary>
    private void Claim(string? claimName, string volume, JsonObject annotations)
    {
        var claim = claimName is null ? null : objects.Find("v1", "PersistentVolumeClaim", deployment.Namespace, claimName);
        if (claim is null)
        {
            warnings.Add(MountsPath, $"volume {volume}: claim \"{claimName}\" is not among the imported files; its size is not known");
            return;
        }
        claim.Used = true;
        Take.Node(Take.Object(claim.Object, "metadata"), "labels");
        var spec = Take.Object(claim.Object, "spec");
        Take.IfEquals(spec, "accessModes", new JsonArray("ReadWriteOnce"));
        var size = Take.Text(Take.Object(Take.Object(spec, "resources"), "requests"), "storage");
        if (size is not null && Quantity.TryParse(size, out var bytes) && bytes != Quantity.Parse(defaultVolumeSize))
        {
            annotations[KubernetesConventions.VolumeSizePrefix + volume] = size;
        }
    }

    private JsonObject? ConfigFile(JsonObject configMap, JsonObject mount, HashSet<string> usedKeys)
    {
        var name = JsonText.String(configMap["name"]);
        var key = JsonText.String(mount["subPath"]);
        var source = name is null ? null : objects.Find("v1", "ConfigMap", deployment.Namespace, name);
        var content = key is null ? null : Take.String(Take.Object(source?.Object, "data"), key);
        if (source is null || content is null)
        {
            warnings.Add(MountsPath, $"{JsonText.String(mount["mountPath"])}: needs key \"{key}\" of ConfigMap \"{name}\" among the imported files, mounted by subPath; not imported");
            return null;
        }
        source.Used = true;
        usedKeys.Add(key!);
        Take.Node(Take.Object(source.Object, "metadata"), "labels");
        var mountPath = Taken(mount);
        Take.String(mount, "subPath");
        Take.IfEquals(mount, "readOnly", true);
        var item = (configMap["items"] as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault(i => JsonText.String(i["key"]) == key && JsonText.String(i["path"]) == key);
        var file = new JsonObject { ["mountPath"] = mountPath, ["content"] = content };
        if (Mode(item, configMap, KubernetesConventions.DefaultConfigFileMode) is { } mode)
        {
            file["mode"] = mode;
        }
        return file;
    }

    /// <summary>One key of a secret volume mounted by subPath: a config file fromSecret.</summary>
    private static JsonObject SecretFile(JsonObject secret, JsonObject mount, HashSet<string> usedKeys)
    {
        var path = JsonText.String(mount["subPath"]);
        var item = (secret["items"] as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault(i => JsonText.String(i["path"]) == path);
        // Without items every key is a file named as the key.
        var key = item is null ? path : JsonText.String(item["key"]);
        usedKeys.Add(key ?? "");
        var mountPath = Taken(mount);
        Take.String(mount, "subPath");
        Take.IfEquals(mount, "readOnly", true);
        var file = new JsonObject
        {
            ["mountPath"] = mountPath,
            ["fromSecret"] = new JsonObject { ["name"] = JsonText.String(secret["secretName"]) ?? "", ["key"] = key ?? "" },
        };
        if (Mode(item, secret, KubernetesConventions.DefaultSecretFileMode) is { } mode)
        {
            file["mode"] = mode;
        }
        return file;
    }

    /// <summary>A secret volume mounted whole: every key as a file, or those its items name.</summary>
    private static JsonObject SecretMount(JsonObject secret, JsonObject mount, HashSet<string> usedKeys)
    {
        var result = new JsonObject { ["name"] = JsonText.String(secret["secretName"]) ?? "", ["mountPath"] = Taken(mount) };
        Take.IfEquals(mount, "readOnly", true);
        if (secret["items"] is JsonArray items)
        {
            var imported = new JsonArray();
            foreach (var item in items.OfType<JsonObject>())
            {
                var key = JsonText.String(item["key"]) ?? "";
                usedKeys.Add(key);
                var copy = new JsonObject { ["key"] = key, ["path"] = JsonText.String(item["path"]) ?? "" };
                if (JsonText.Long(item["mode"]) is { } itemMode)
                {
                    copy["mode"] = Octal(itemMode);
                }
                imported.Add((JsonNode)copy);
            }
            result["items"] = imported;
        }
        if (Mode(null, secret, KubernetesConventions.DefaultSecretFileMode) is { } mode)
        {
            result["defaultMode"] = mode;
        }
        return result;
    }

    /// <summary>The file's mode as Homelab writes it: null where it is Homelab's default and no item named it.</summary>
    private static string? Mode(JsonObject? item, JsonObject source, int homelabDefault)
    {
        var mode = JsonText.Long(item?["mode"]) ?? JsonText.Long(source["defaultMode"]) ?? KubernetesDefaultMode;
        return item?["mode"] is not null || mode != homelabDefault ? Octal(mode) : null;
    }

    private static string Octal(long mode) => "0" + Convert.ToString(mode, 8).PadLeft(3, '0');
}
