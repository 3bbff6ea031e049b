using System.Text.Json.Nodes;
using Homelab.Api.Values;
using Homelab.Cli.Export;

namespace Homelab.Cli.Import;

/// <summary>
/// The container's mounts, in order, back to volumes (claims and hostPaths) and configFiles (ConfigMap keys mounted by
/// subPath). hostPath mounts of the devices kept in homelab.dev/unexpressed are the export's stand-ins and are skipped:
/// the devices come back from the annotation.
/// </summary>
internal sealed class MountImporter(KubernetesObjects objects, KubernetesObjects.Entry deployment, string defaultVolumeSize, JsonObject unexpressed, WarningScope warnings)
{
    private const string MountsPath = "spec.template.spec.containers[0].volumeMounts";

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
        }
        if (volumes.Count > 0)
        {
            result["volumes"] = volumes;
        }
        if (files.Count > 0)
        {
            result["configFiles"] = files;
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
        if (configMap is null)
        {
            return;
        }
        Take.String(configMap, "name");
        Take.Long(configMap, "defaultMode");
        foreach (var item in (Take.Array(configMap, "items") ?? []).OfType<JsonObject>().Where(i => keys.Contains(JsonText.String(i["key"]) ?? "")))
        {
            Take.Node(item, "key");
            Take.Node(item, "path");
            Take.Long(item, "mode");
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
        var mode = JsonText.Long(item?["mode"]) ?? JsonText.Long(configMap["defaultMode"]) ?? 0x1A4; // Kubernetes' default, 0644
        var file = new JsonObject { ["mountPath"] = mountPath, ["content"] = content };
        if (item?["mode"] is not null || mode != KubernetesConventions.DefaultConfigFileMode)
        {
            file["mode"] = "0" + Convert.ToString(mode, 8).PadLeft(3, '0');
        }
        return file;
    }
}
