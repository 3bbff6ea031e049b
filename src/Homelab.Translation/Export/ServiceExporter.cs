using System.Globalization;
using System.Text.Json.Nodes;
using Homelab.Api.Resources;
using Homelab.Api.Serialization;

namespace Homelab.Translation.Export;

/// <summary>
/// One Service → a Deployment of one replica, a ClusterIP Service for its ports, claims for its named volumes and a
/// ConfigMap for its configFiles (Secrets it mounts are volumes of the pod). What Kubernetes cannot say is warned about and kept in the Deployment's
/// homelab.dev/unexpressed annotation.
/// </summary>
internal sealed class ServiceExporter(string defaultVolumeSize, YamlComments comments)
{
    /// <param name="exportedSecrets">The Secrets of the Service's namespace this export writes; a reference to any other is warned about.</param>
    public IReadOnlyList<JsonObject> Export(Service service, WarningScope warnings, IReadOnlyDictionary<string, string> updateAnnotations, IReadOnlySet<string> exportedSecrets)
    {
        var unexpressed = new UnexpressedFields(HomelabJson.ToNode(service)["spec"]!.AsObject());
        var storage = new StorageMapping(service, defaultVolumeSize, exportedSecrets, warnings, unexpressed, comments).Map();
        var container = ContainerMapping.Map(service, storage.Mounts, warnings, unexpressed);
        var pod = PodSpec(service, container, storage.Volumes, warnings, unexpressed);

        var selector = new JsonObject { [KubernetesConventions.ServiceLabel] = service.Name };
        var podLabels = MetadataMapping.Labels(service.Metadata);
        podLabels[KubernetesConventions.ServiceLabel] = service.Name;
        var annotations = MetadataMapping.Annotations(service.Metadata, StorageMapping.IsSizeAnnotation);
        foreach (var (key, value) in updateAnnotations)
        {
            annotations[key] = value;
        }
        if (unexpressed.Fields.Count > 0)
        {
            annotations[KubernetesConventions.UnexpressedAnnotation] = unexpressed.Fields.ToJsonString(HomelabJson.Options);
        }
        var deployment = MetadataMapping.Object("apps/v1", "Deployment", service.Name, service.Namespace, MetadataMapping.Labels(service.Metadata), annotations);
        var spec = new JsonObject { ["replicas"] = 1, ["selector"] = new JsonObject { ["matchLabels"] = selector } };
        // Two pods cannot hold one host port, and a ReadWriteOnce claim may not follow the new pod to another node.
        if (service.Spec.Ports?.Any(p => p.HostPort is not null) == true || storage.Claims.Count > 0)
        {
            spec["strategy"] = new JsonObject { ["type"] = "Recreate" };
        }
        if (service.Spec.MinReadySeconds is { } minReady)
        {
            // The same meaning in both: Ready only after the new container ran that long.
            spec["minReadySeconds"] = minReady;
        }
        spec["template"] = new JsonObject { ["metadata"] = new JsonObject { ["labels"] = podLabels }, ["spec"] = pod };
        deployment["spec"] = spec;

        var documents = new List<JsonObject> { deployment };
        if (service.Spec.Ports is { Count: > 0 } ports)
        {
            documents.Add(CoreService(service, ports, selector.DeepClone()));
        }
        if (storage.ConfigMap is { } configMap)
        {
            documents.Add(configMap);
        }
        documents.AddRange(storage.Claims);
        return documents;
    }

    private static JsonObject PodSpec(Service service, JsonObject container, JsonArray volumes, WarningScope warnings, UnexpressedFields unexpressed)
    {
        var spec = service.Spec;
        // Homelab containers get neither Kubernetes' service environment variables nor an API token.
        var pod = new JsonObject { ["enableServiceLinks"] = false, ["automountServiceAccountToken"] = false };
        var security = spec.SecurityContext;
        if (security?.UserNamespace is { } userNamespace)
        {
            if (security.Privileged == true && userNamespace == UserNamespaceModes.Auto)
            {
                unexpressed.Keep("securityContext.userNamespace");
                warnings.Add("spec.securityContext.userNamespace", $"a privileged container runs in the host's user namespace in Homelab, and Kubernetes refuses hostUsers: false with it; kept in {KubernetesConventions.UnexpressedAnnotation}");
            }
            else
            {
                pod["hostUsers"] = userNamespace == UserNamespaceModes.Host;
            }
        }
        if (security is { RunAsUser: null, RunAsGroup: { } group })
        {
            // Homelab adds a lone runAsGroup as a supplementary group (podman --group-add); the image's user stays.
            pod["securityContext"] = new JsonObject { ["supplementalGroups"] = new JsonArray(group) };
        }
        if (spec.StopGracePeriod is { } grace)
        {
            pod["terminationGracePeriodSeconds"] = Seconds.From(grace, out var exact);
            if (!exact)
            {
                unexpressed.Keep("stopGracePeriod");
                warnings.Add("spec.stopGracePeriod", $"{grace} is not whole seconds: terminationGracePeriodSeconds is {pod["terminationGracePeriodSeconds"]}; kept in {KubernetesConventions.UnexpressedAnnotation}");
            }
        }
        if (spec.RestartPolicy is { } restart and not RestartPolicies.Always)
        {
            unexpressed.Keep("restartPolicy");
            warnings.Add("spec.restartPolicy", $"a Deployment's pods always restart, {restart} is not possible there (a Job's pods can be OnFailure or Never); kept in {KubernetesConventions.UnexpressedAnnotation}");
        }
        var extraNetworks = spec.ExtraNetworks ?? [];
        if (extraNetworks.Count > 0)
        {
            unexpressed.Keep("extraNetworks");
        }
        for (var i = 0; i < extraNetworks.Count; i++)
        {
            warnings.Add($"spec.extraNetworks[{i}]", $"{extraNetworks[i].Driver} on {extraNetworks[i].Parent}: core Kubernetes has one pod network; a LAN attachment needs Multus (a NetworkAttachmentDefinition) or hostNetwork; kept in {KubernetesConventions.UnexpressedAnnotation}");
        }
        pod["containers"] = new JsonArray(container);
        if (volumes.Count > 0)
        {
            pod["volumes"] = volumes;
        }
        return pod;
    }

    private static JsonObject CoreService(Service service, List<ServicePort> ports, JsonNode selector)
    {
        var names = new UniqueNames();
        foreach (var port in ports.Where(p => p.Name is not null))
        {
            names.Reserve(port.Name!);
        }
        var servicePorts = new JsonArray();
        foreach (var port in ports)
        {
            var protocol = port.Protocol ?? Protocols.Tcp;
            // A Service with more than one port needs every port named; the container's name is kept where it has one.
            var name = port.Name ?? names.Take(string.Create(CultureInfo.InvariantCulture, $"{protocol.ToLowerInvariant()}-{port.ContainerPort}"));
            servicePorts.Add((JsonNode)new JsonObject { ["name"] = name, ["port"] = port.ContainerPort, ["targetPort"] = port.ContainerPort, ["protocol"] = protocol });
        }
        var core = MetadataMapping.Object("v1", "Service", service.Name, service.Namespace, MetadataMapping.Labels(service.Metadata));
        core["spec"] = new JsonObject { ["type"] = "ClusterIP", ["selector"] = selector, ["ports"] = servicePorts };
        // The same fields and values in both. Only the primary family is named: a dual-stack policy makes Kubernetes add
        // the other where the cluster has it, and a family named that the cluster lacks would be refused.
        if (service.Spec.IpFamilyPolicy is { } policy)
        {
            core["spec"]!["ipFamilyPolicy"] = policy;
        }
        if (service.Spec.IpFamilies is [var primary, ..])
        {
            core["spec"]!["ipFamilies"] = new JsonArray((JsonNode)JsonValue.Create(primary));
        }
        return core;
    }
}
