using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Homelab.Api.Meta;
using Homelab.Api.Resources;
using Homelab.Api.Serialization;
using Homelab.Api.Values;

namespace Homelab.Translation.Export;

/// <summary>
/// Named volumes → PersistentVolumeClaims (ReadWriteOnce, sized by annotation or default), bind mounts → hostPath
/// volumes, configFiles → one ConfigMap mounted file by file (a file fromSecret → a secret volume mounted by subPath),
/// secrets → secret volumes, devices → hostPath mounts that need a device plugin. Mounts keep the spec's order: volumes,
/// then configFiles, then secrets, then devices, which is how import reads them back.
/// </summary>
internal sealed partial class StorageMapping(Service service, string defaultVolumeSize, IReadOnlySet<string> exportedSecrets, WarningScope warnings, UnexpressedFields unexpressed, YamlComments comments)
{
    private readonly UniqueNames _podVolumes = new();
    private readonly PodStorage _result = new();

    public PodStorage Map()
    {
        var volumes = service.Spec.Volumes ?? [];
        foreach (var managed in volumes.Where(v => string.IsNullOrEmpty(v.HostPath)))
        {
            _podVolumes.Reserve(managed.Name!);
        }
        for (var i = 0; i < volumes.Count; i++)
        {
            var volume = volumes[i];
            var podVolume = string.IsNullOrEmpty(volume.HostPath) ? Managed(volume) : BindMount(volume, i);
            var mount = new JsonObject { ["name"] = podVolume, ["mountPath"] = volume.MountPath };
            if (volume.ReadOnly == true)
            {
                mount["readOnly"] = true;
            }
            _result.Mounts.Add((JsonNode)mount);
        }
        CheckSizeAnnotations(volumes);
        ConfigFiles(service.Spec.ConfigFiles ?? []);
        Secrets(service.Spec.Secrets ?? []);
        Devices(service.Spec.Devices ?? []);
        return _result;
    }

    private string Managed(VolumeMount volume)
    {
        var name = volume.Name!;
        if (_result.Volumes.OfType<JsonObject>().Any(v => JsonText.String(v["name"]) == name))
        {
            return name; // the same volume mounted twice: one claim, two mounts
        }
        var claim = KubernetesConventions.ClaimName(service.Name, name);
        _result.Volumes.Add((JsonNode)new JsonObject { ["name"] = name, ["persistentVolumeClaim"] = new JsonObject { ["claimName"] = claim } });
        var labels = MetadataMapping.Labels(service.Metadata);
        labels[KubernetesConventions.ServiceLabel] = service.Name;
        var pvc = MetadataMapping.Object("v1", "PersistentVolumeClaim", claim, service.Namespace, labels);
        pvc["spec"] = new JsonObject
        {
            ["accessModes"] = new JsonArray("ReadWriteOnce"),
            ["resources"] = new JsonObject { ["requests"] = new JsonObject { ["storage"] = Size(name) } },
        };
        _result.Claims.Add(pvc);
        return name;
    }

    private string Size(string volume)
    {
        var key = KubernetesConventions.VolumeSizePrefix + volume;
        if (service.Metadata.Annotations?.GetValueOrDefault(key) is not { } size)
        {
            return defaultVolumeSize;
        }
        if (!Quantity.TryParse(size, out _, out var error))
        {
            warnings.Add($"metadata.annotations[{key}]", $"{error}; the claim asks for the default {defaultVolumeSize}");
            return defaultVolumeSize;
        }
        return size;
    }

    private void CheckSizeAnnotations(List<VolumeMount> volumes)
    {
        var managed = volumes.Where(v => string.IsNullOrEmpty(v.HostPath)).Select(v => v.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var key in (service.Metadata.Annotations ?? []).Keys.Where(IsSizeAnnotation).Order(StringComparer.Ordinal))
        {
            if (!managed.Contains(key[KubernetesConventions.VolumeSizePrefix.Length..]))
            {
                warnings.Add($"metadata.annotations[{key}]", "names no managed volume of this Service; not exported");
            }
        }
    }

    public static bool IsSizeAnnotation(string key) => key.StartsWith(KubernetesConventions.VolumeSizePrefix, StringComparison.Ordinal);

    private string BindMount(VolumeMount volume, int index)
    {
        var wanted = volume.Name;
        var name = wanted is not null && !_podVolumes.IsTaken(wanted)
            ? _podVolumes.Take(wanted)
            : _podVolumes.Take(KubernetesConventions.HostPathVolume(index));
        if (wanted is not null && name != wanted)
        {
            warnings.Add($"spec.volumes[{index}].name", $"\"{wanted}\" is already the name of another volume of this pod; the bind mount's volume is \"{name}\" and import names the mount after it");
        }
        var podVolume = new JsonObject { ["name"] = name, ["hostPath"] = new JsonObject { ["path"] = volume.HostPath } };
        _result.Volumes.Add((JsonNode)podVolume);
        warnings.Add($"spec.volumes[{index}]", $"hostPath {volume.HostPath} is a directory of whichever node runs the pod: pin the pod to the node that has it (nodeSelector) or move the data to a PersistentVolume");
        comments.Add(podVolume, $"hostPath: {volume.HostPath} must exist on the node that runs this pod (see hlctl export's warnings)");
        return name;
    }

    private void ConfigFiles(List<ConfigFile> files)
    {
        var keys = new UniqueNames();
        var data = new JsonObject();
        var items = new JsonArray();
        var volumeName = files.Any(f => f.FromSecret is null) ? _podVolumes.Take(KubernetesConventions.ConfigFilesVolume) : null;
        for (var i = 0; i < files.Count; i++)
        {
            var file = files[i];
            if (file.FromSecret is { } selector)
            {
                SecretFile(file, selector, i);
                continue;
            }
            var key = keys.Take(ConfigMapKey(file.MountPath, i), $"file-{i}");
            data[key] = file.Content;
            var item = new JsonObject { ["key"] = key, ["path"] = key };
            if (file.Mode is { } mode)
            {
                item["mode"] = Convert.ToInt32(mode, 8);
            }
            items.Add((JsonNode)item);
            _result.Mounts.Add((JsonNode)new JsonObject { ["name"] = volumeName, ["mountPath"] = file.MountPath, ["subPath"] = key, ["readOnly"] = true });
        }
        if (volumeName is null)
        {
            return;
        }
        var configMapName = KubernetesConventions.ConfigMapName(service.Name);
        _result.Volumes.Add((JsonNode)new JsonObject
        {
            ["name"] = volumeName,
            ["configMap"] = new JsonObject { ["name"] = configMapName, ["defaultMode"] = KubernetesConventions.DefaultConfigFileMode, ["items"] = items },
        });
        var labels = MetadataMapping.Labels(service.Metadata);
        labels[KubernetesConventions.ServiceLabel] = service.Name;
        _result.ConfigMap = MetadataMapping.Object("v1", "ConfigMap", configMapName, service.Namespace, labels);
        _result.ConfigMap["data"] = data;
    }

    /// <summary>One value of a Secret as one file: a secret volume of that one key, mounted by subPath like the ConfigMap's files.</summary>
    private void SecretFile(ConfigFile file, SecretKeySelector selector, int index)
    {
        var name = _podVolumes.Take(KubernetesConventions.SecretFileVolume(index));
        var item = new JsonObject { ["key"] = selector.Key, ["path"] = KubernetesConventions.SecretFilePath };
        if (file.Mode is { } mode)
        {
            item["mode"] = Convert.ToInt32(mode, 8);
        }
        _result.Volumes.Add((JsonNode)new JsonObject { ["name"] = name, ["secret"] = SecretVolume(selector.Name, null, new JsonArray(item)) });
        _result.Mounts.Add((JsonNode)new JsonObject { ["name"] = name, ["mountPath"] = file.MountPath, ["subPath"] = KubernetesConventions.SecretFilePath, ["readOnly"] = true });
        ReferSecret(selector.Name, $"spec.configFiles[{index}].fromSecret.name");
    }

    private void Secrets(List<SecretMount> secrets)
    {
        for (var i = 0; i < secrets.Count; i++)
        {
            var secret = secrets[i];
            var name = _podVolumes.Take(KubernetesConventions.SecretVolume(i));
            JsonArray? items = null;
            if (secret.Items is { } wanted)
            {
                items = [];
                foreach (var item in wanted)
                {
                    var exported = new JsonObject { ["key"] = item.Key, ["path"] = item.Path };
                    if (item.Mode is { } mode)
                    {
                        exported["mode"] = Convert.ToInt32(mode, 8);
                    }
                    items.Add((JsonNode)exported);
                }
            }
            _result.Volumes.Add((JsonNode)new JsonObject { ["name"] = name, ["secret"] = SecretVolume(secret.Name, secret.DefaultMode, items) });
            _result.Mounts.Add((JsonNode)new JsonObject { ["name"] = name, ["mountPath"] = secret.MountPath, ["readOnly"] = true });
            ReferSecret(secret.Name, $"spec.secrets[{i}].name");
        }
    }

    /// <summary>Homelab's secret files are 0400 unless a mode is given; Kubernetes' are 0644, so the mode is always written.</summary>
    private static JsonObject SecretVolume(string secretName, string? defaultMode, JsonArray? items)
    {
        var volume = new JsonObject
        {
            ["secretName"] = secretName,
            ["defaultMode"] = defaultMode is null ? KubernetesConventions.DefaultSecretFileMode : Convert.ToInt32(defaultMode, 8),
        };
        if (items is not null)
        {
            volume["items"] = items;
        }
        return volume;
    }

    /// <summary>A pod that mounts a Secret the export does not write cannot start until someone creates it.</summary>
    private void ReferSecret(string secretName, string field)
    {
        if (!exportedSecrets.Contains(secretName))
        {
            warnings.Add(field, $"Secret {secretName} is not in this export (hlctl export --include-secrets writes the Secrets it reads); create it in namespace {service.Namespace} before the pod can start");
        }
    }

    /// <summary>The file's name where it is a valid key ([-._a-zA-Z0-9]+, not "." or ".."), else a stand-in.</summary>
    private static string ConfigMapKey(string mountPath, int index)
    {
        var name = KeyUnsafe().Replace(mountPath[(mountPath.LastIndexOf('/') + 1)..], "-");
        return name is "" or "." or ".." ? string.Create(CultureInfo.InvariantCulture, $"file-{index}") : name;
    }

    private void Devices(List<DeviceMapping> devices)
    {
        if (devices.Count == 0)
        {
            return;
        }
        unexpressed.Keep("devices");
        for (var i = 0; i < devices.Count; i++)
        {
            var device = devices[i];
            var name = _podVolumes.Take(KubernetesConventions.DeviceVolume(i));
            var podVolume = new JsonObject { ["name"] = name, ["hostPath"] = new JsonObject { ["path"] = device.HostPath } };
            _result.Volumes.Add((JsonNode)podVolume);
            _result.Mounts.Add((JsonNode)new JsonObject { ["name"] = name, ["mountPath"] = device.ContainerPath ?? device.HostPath });
            warnings.Add($"spec.devices[{i}]", $"Kubernetes gives a container a device ({device.HostPath}, \"{device.Permissions ?? "rwm"}\") only through a device plugin or privileged mode: exported as a hostPath mount the container cannot open without one; kept in {KubernetesConventions.UnexpressedAnnotation}");
            comments.Add(podVolume, $"device {device.HostPath}: mounted, but not accessible without a device plugin or privileged mode (see hlctl export's warnings)");
        }
    }

    [GeneratedRegex("[^-._a-zA-Z0-9]")]
    private static partial Regex KeyUnsafe();
}
