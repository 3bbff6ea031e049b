using System.Text.Json.Nodes;

namespace Homelab.Translation.Export;

/// <summary>
/// The names both directions of the Kubernetes mapping agree on: what export writes, import recognises. Changing one
/// of these breaks the round trip of manifests exported before.
/// </summary>
internal static class KubernetesConventions
{
    /// <summary>Added to the pod template and used as the Deployment's and core Service's selector: a Service's own
    /// labels may be empty, and a Deployment needs a selector that matches exactly its pods.</summary>
    public const string ServiceLabel = "homelab.dev/service";

    /// <summary>On a Deployment: the Service fields Kubernetes has no field for, as JSON, so import brings them back.</summary>
    public const string UnexpressedAnnotation = "homelab.dev/unexpressed";

    /// <summary>On a Service: "volume-size.homelab.dev/VOLUME: 20Gi" sizes the claim of its named volume VOLUME.</summary>
    public const string VolumeSizePrefix = "volume-size.homelab.dev/";

    public const string DefaultVolumeSize = "1Gi";

    /// <summary>What the apiserver labels every namespace with; our homelab.dev/namespace plays its part.</summary>
    public const string KubernetesNamespaceLabel = "kubernetes.io/metadata.name";

    /// <summary>The pod volume that holds a Service's configFiles, backed by the ConfigMap NAME-files.</summary>
    public const string ConfigFilesVolume = "config-files";

    /// <summary>Homelab's default file mode for configFiles, 0444.</summary>
    public const int DefaultConfigFileMode = 0x124;

    public static string ConfigMapName(string service) => service + "-files";

    /// <summary>Named volumes belong to one Service (Podman's hl-NS-SERVICE-VOLUME), so the claim carries both names.</summary>
    public static string ClaimName(string service, string volume) => $"{service}-{volume}";

    /// <summary>The pod volume of spec.volumes[index] when it is a bind mount without a usable name.</summary>
    public static string HostPathVolume(int index) => $"hostpath-{index}";

    public static string DeviceVolume(int index) => $"device-{index}";

    /// <summary>The pod volume of spec.secrets[index].</summary>
    public static string SecretVolume(int index) => $"secret-{index}";

    /// <summary>The pod volume of spec.configFiles[index] when it is fromSecret: that one key, at <see cref="SecretFilePath"/>.</summary>
    public static string SecretFileVolume(int index) => $"secret-file-{index}";

    /// <summary>Where a fromSecret file's key lies in its own secret volume, which the container mounts by subPath.</summary>
    public const string SecretFilePath = "file";

    /// <summary>Homelab's default mode of files from Secrets, 0400.</summary>
    public const int DefaultSecretFileMode = 0x100;

    /// <summary>Homelab lets every Service resolve names at its network's gateway whatever its egress policies say;
    /// in Kubernetes an egress policy must allow cluster DNS itself, so export adds this rule to egress policies.</summary>
    public static JsonObject DnsEgressRule() => new()
    {
        ["to"] = new JsonArray(new JsonObject
        {
            ["namespaceSelector"] = new JsonObject { ["matchLabels"] = new JsonObject { [KubernetesNamespaceLabel] = "kube-system" } },
            ["podSelector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["k8s-app"] = "kube-dns" } },
        }),
        ["ports"] = new JsonArray(
            new JsonObject { ["protocol"] = "UDP", ["port"] = 53 },
            new JsonObject { ["protocol"] = "TCP", ["port"] = 53 }),
    };
}
