using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Homelab.Api;
using Homelab.Api.Merge;
using Homelab.Translation.Export;

namespace Homelab.Translation.Import;

/// <summary>
/// A Deployment (with the claims and ConfigMap its pod mounts) → a Homelab Service: the reverse of
/// <see cref="ServiceExporter"/>, and what the homelab.dev/unexpressed annotation kept is put back on top.
/// </summary>
internal sealed class DeploymentImporter(KubernetesObjects objects, string defaultVolumeSize, List<ConversionWarning> sink)
{
    private const string PodPath = "spec.template.spec";
    private const string ContainerPath = PodPath + ".containers[0]";

    /// <summary>The Service, and the labels its pods carry (core Services that select them belong to it).</summary>
    public (JsonObject Service, JsonObject PodLabels) Import(KubernetesObjects.Entry deployment)
    {
        deployment.Used = true;
        var warnings = deployment.Warnings(sink);
        var metadata = Take.Object(deployment.Object, "metadata");
        var deploymentLabels = Take.Node(metadata, "labels") as JsonObject ?? [];
        var annotations = Take.Node(metadata, "annotations") as JsonObject ?? [];
        var spec = Take.Object(deployment.Object, "spec");
        if (Take.Long(spec, "replicas") is { } replicas && replicas != 1)
        {
            warnings.Add("spec.replicas", $"{replicas.ToString(CultureInfo.InvariantCulture)} replicas: a Homelab Service is one container; imported as one");
        }
        Take.Node(spec, "strategy");
        var template = Take.Object(spec, "template");
        var podLabels = Take.Node(Take.Object(template, "metadata"), "labels") as JsonObject ?? [];
        if (spec?["selector"]?["matchLabels"] is JsonObject selector && selector.All(l => JsonCanonical.DeepEquals(podLabels[l.Key], l.Value)))
        {
            Take.Node(spec, "selector");
        }
        var labels = (JsonObject)podLabels.DeepClone();
        labels.Remove(KubernetesConventions.ServiceLabel);
        if (!JsonCanonical.DeepEquals(labels, deploymentLabels))
        {
            warnings.Add("metadata.labels", "differ from the pod template's; the Service gets the pod's, which NetworkPolicies select");
        }

        var unexpressed = Unexpressed(annotations, warnings);
        var result = new JsonObject { ["image"] = "" };
        var pod = Take.Object(template, "spec");
        var container = Take.Array(pod, "containers")?.FirstOrDefault() as JsonObject;
        if (container is null)
        {
            warnings.Add(PodPath + ".containers", "no container; the Service has no image");
        }
        ContainerFields(container, result);
        Put(result, "minReadySeconds", Take.Long(spec, "minReadySeconds"));
        var security = Security(container, pod, warnings);
        if (security.Count > 0)
        {
            result["securityContext"] = security;
        }
        new MountImporter(objects, deployment, defaultVolumeSize, unexpressed, warnings).Import(container, pod, result, annotations);
        PodFields(pod, result);
        var service = new JsonObject
        {
            ["apiVersion"] = ApiGroup.ApiVersion,
            ["kind"] = "Service",
            ["metadata"] = Metadata(deployment, labels, annotations),
            ["spec"] = JsonMergePatch.Apply(result, unexpressed),
        };
        return (service, podLabels);
    }

    private static JsonObject Metadata(KubernetesObjects.Entry deployment, JsonObject labels, JsonObject annotations)
    {
        var metadata = new JsonObject { ["name"] = deployment.Name, ["namespace"] = deployment.Namespace };
        if (labels.Count > 0)
        {
            metadata["labels"] = labels;
        }
        if (annotations.Count > 0)
        {
            metadata["annotations"] = annotations.DeepClone();
        }
        return metadata;
    }

    /// <summary>Takes the export's annotations out of <paramref name="annotations"/>: Keel's with a warning, the
    /// unexpressed fields as a merge patch for the spec.</summary>
    private static JsonObject Unexpressed(JsonObject annotations, WarningScope warnings)
    {
        var keel = annotations.Select(a => a.Key).Where(k => k.StartsWith(KeelAnnotations.Prefix, StringComparison.Ordinal)).ToList();
        foreach (var key in keel)
        {
            annotations.Remove(key);
        }
        if (keel.Count > 0)
        {
            warnings.Add($"metadata.annotations[{string.Join(", ", keel)}]", "Keel's settings do not become an UpdatePolicy on import; write one (README: When one machine is not enough)");
        }
        if (Take.String(annotations, KubernetesConventions.UnexpressedAnnotation) is not { } text)
        {
            return [];
        }
        try
        {
            return JsonNode.Parse(text) as JsonObject ?? throw new JsonException("not a JSON object");
        }
        catch (JsonException e)
        {
            warnings.Add($"metadata.annotations[{KubernetesConventions.UnexpressedAnnotation}]", $"is not the JSON object export writes ({e.Message}); ignored");
            return [];
        }
    }

    private static void ContainerFields(JsonObject? container, JsonObject result)
    {
        Take.String(container, "name");
        result["image"] = Take.String(container, "image") ?? "";
        Set(result, "command", Take.Strings(container, "command"));
        Set(result, "args", Take.Strings(container, "args"));
        if (Take.String(container, "workingDir") is { } workingDir)
        {
            result["workingDir"] = workingDir;
        }
        var env = new JsonArray();
        foreach (var variable in (Take.Array(container, "env") ?? []).OfType<JsonObject>())
        {
            if (variable["valueFrom"] is null && Take.String(variable, "name") is { } name)
            {
                env.Add((JsonNode)new JsonObject { ["name"] = name, ["value"] = Take.String(variable, "value") ?? "" });
            }
        }
        Set(result, "env", env);
        var ports = new JsonArray();
        foreach (var port in (Take.Array(container, "ports") ?? []).OfType<JsonObject>())
        {
            var imported = new JsonObject();
            Put(imported, "name", Take.String(port, "name"));
            Put(imported, "containerPort", Take.Long(port, "containerPort"));
            Put(imported, "protocol", Take.String(port, "protocol"));
            Put(imported, "hostPort", Take.Long(port, "hostPort"));
            Put(imported, "hostIP", Take.String(port, "hostIP"));
            ports.Add((JsonNode)imported);
        }
        Set(result, "ports", ports);
        var limits = Take.Object(Take.Object(container, "resources"), "limits");
        var resources = new JsonObject();
        Put(resources, "memory", Take.Text(limits, "memory"));
        if (Take.Text(limits, "cpu") is { } cpu)
        {
            resources["cpus"] = Cpus(cpu);
        }
        Set(result, "resources", resources);
        if (HealthCheck(container) is { } health)
        {
            result["healthCheck"] = health;
        }
    }

    /// <summary>Homelab counts CPUs in decimals: "500m" → "0.5".</summary>
    private static string Cpus(string cpu) =>
        cpu.EndsWith('m') && decimal.TryParse(cpu[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var milli)
            ? (milli / 1000m).ToString("0.###", CultureInfo.InvariantCulture)
            : cpu;

    /// <summary>The readiness probe (Homelab's Ready), or the liveness probe when there is none; an identical liveness
    /// probe is what export writes beside it.</summary>
    private static JsonObject? HealthCheck(JsonObject? container)
    {
        var readiness = Take.Object(container, "readinessProbe");
        var liveness = Take.Object(container, "livenessProbe");
        if (readiness is not null && liveness is not null && JsonCanonical.DeepEquals(readiness, liveness))
        {
            container!.Remove("livenessProbe");
        }
        var probe = readiness ?? liveness;
        var command = Take.Strings(Take.Object(probe, "exec"), "command");
        if (command is null)
        {
            return null;
        }
        var health = new JsonObject { ["command"] = new JsonArray([.. command.Select(c => (JsonNode)c)]) };
        Duration(probe, "periodSeconds", health, "interval");
        Duration(probe, "timeoutSeconds", health, "timeout");
        Put(health, "retries", Take.Long(probe, "failureThreshold"));
        Duration(probe, "initialDelaySeconds", health, "startPeriod");
        Take.IfEquals(probe, "successThreshold", 1);
        return health;
    }

    private static JsonObject Security(JsonObject? container, JsonObject? pod, WarningScope warnings)
    {
        var result = new JsonObject();
        var security = Take.Object(container, "securityContext");
        Take.IfEquals(security, "allowPrivilegeEscalation", false);
        var privileged = Take.Bool(security, "privileged");
        var capabilities = Take.Object(security, "capabilities");
        if (!Take.IfEquals(capabilities, "drop", new JsonArray("ALL")) && privileged != true)
        {
            warnings.Add($"{ContainerPath}.securityContext.capabilities.drop", "is not [ALL]: Homelab drops every capability that is not added, where this container kept the runtime's default set");
        }
        Put(result, "runAsUser", Take.Long(security, "runAsUser"));
        Put(result, "runAsGroup", Take.Long(security, "runAsGroup"));
        // Export writes a lone runAsGroup as the pod's one supplementary group, as Homelab runs it.
        var podSecurity = Take.Object(pod, "securityContext");
        if (!result.ContainsKey("runAsUser") && !result.ContainsKey("runAsGroup")
            && podSecurity?["supplementalGroups"] is JsonArray { Count: 1 } groups && groups[0] is JsonValue group)
        {
            result["runAsGroup"] = group.DeepClone();
            podSecurity.Remove("supplementalGroups");
        }
        Put(result, "readOnlyRootFilesystem", Take.Bool(security, "readOnlyRootFilesystem"));
        if (Take.Strings(capabilities, "add") is { Count: > 0 } added)
        {
            result["capabilities"] = new JsonObject { ["add"] = new JsonArray([.. added.Select(a => (JsonNode)a)]) };
        }
        if (privileged is { } p)
        {
            result["privileged"] = p;
        }
        if (Take.Bool(pod, "hostUsers") is { } hostUsers)
        {
            result["userNamespace"] = hostUsers ? "host" : "auto";
        }
        return result;
    }

    private static void PodFields(JsonObject? pod, JsonObject result)
    {
        Take.IfEquals(pod, "enableServiceLinks", false);
        Take.IfEquals(pod, "automountServiceAccountToken", false);
        Take.IfEquals(pod, "restartPolicy", "Always");
        if (Take.Long(pod, "terminationGracePeriodSeconds") is { } grace)
        {
            result["stopGracePeriod"] = Seconds.ToDuration(grace);
        }
    }

    private static void Duration(JsonObject? probe, string field, JsonObject health, string name)
    {
        if (Take.Long(probe, field) is { } seconds)
        {
            health[name] = Seconds.ToDuration(seconds);
        }
    }

    /// <summary>Sets the field when import took a value for it (JsonNode converts string?, long? and bool?, null to null).</summary>
    private static void Put(JsonObject to, string field, JsonNode? value)
    {
        if (value is not null)
        {
            to[field] = value;
        }
    }

    private static void Set(JsonObject result, string field, List<string>? values)
    {
        if (values is { Count: > 0 })
        {
            result[field] = new JsonArray([.. values.Select(v => (JsonNode)v)]);
        }
    }

    private static void Set(JsonObject result, string field, JsonNode node)
    {
        if (node is JsonArray { Count: > 0 } or JsonObject { Count: > 0 })
        {
            result[field] = node;
        }
    }
}
