using System.Text.Json.Nodes;
using Homelab.Api.Resources;

namespace Homelab.Translation.Export;

/// <summary>The container of a Service's pod: process, environment, ports, limits, health, privileges.</summary>
internal static class ContainerMapping
{
    public static JsonObject Map(Service service, JsonArray mounts, WarningScope warnings, UnexpressedFields unexpressed)
    {
        var spec = service.Spec;
        var container = new JsonObject { ["name"] = service.Name, ["image"] = spec.Image };
        if (spec.Command is { Count: > 0 } command)
        {
            container["command"] = ProbeMapping.Strings(command);
        }
        if (spec.Args is { Count: > 0 } args)
        {
            container["args"] = ProbeMapping.Strings(args);
        }
        if (spec.WorkingDir is { } workingDir)
        {
            container["workingDir"] = workingDir;
        }
        if (spec.Env is { Count: > 0 } env)
        {
            container["env"] = Env(env, warnings);
        }
        if (spec.Ports is { Count: > 0 } ports)
        {
            container["ports"] = new JsonArray([.. ports.Select(Port)]);
        }
        if (Resources(spec.Resources, warnings, unexpressed) is { } resources)
        {
            container["resources"] = resources;
        }
        if (spec.HealthCheck is { } health)
        {
            var probe = ProbeMapping.Map(health, warnings, unexpressed);
            container["readinessProbe"] = probe;
            container["livenessProbe"] = probe.DeepClone();
        }
        container["securityContext"] = Security(spec.SecurityContext);
        if (mounts.Count > 0)
        {
            container["volumeMounts"] = mounts;
        }
        return container;
    }

    private static JsonArray Env(List<EnvVar> env, WarningScope warnings)
    {
        var result = new JsonArray();
        for (var i = 0; i < env.Count; i++)
        {
            if (env[i].Name.Any(c => c is < ' ' or > '~'))
            {
                warnings.Add($"spec.env[{i}].name", $"\"{env[i].Name}\" has characters outside printable ASCII, which Kubernetes refuses in a variable name");
            }
            result.Add((JsonNode)new JsonObject { ["name"] = env[i].Name, ["value"] = env[i].Value });
        }
        return result;
    }

    private static JsonObject Port(ServicePort port)
    {
        var result = new JsonObject();
        if (port.Name is { } name)
        {
            result["name"] = name;
        }
        result["containerPort"] = port.ContainerPort;
        result["protocol"] = port.Protocol ?? Protocols.Tcp;
        if (port.HostPort is { } hostPort)
        {
            result["hostPort"] = hostPort;
        }
        if (port.HostIP is { } hostIP)
        {
            result["hostIP"] = hostIP;
        }
        return result;
    }

    /// <summary>Homelab's sizes are limits; "K" is Homelab's alias of Kubernetes' "k".</summary>
    private static JsonObject? Resources(ResourceLimits? resources, WarningScope warnings, UnexpressedFields unexpressed)
    {
        if (resources is null)
        {
            return null;
        }
        var limits = new JsonObject();
        if (resources.Memory is { } memory)
        {
            limits["memory"] = memory.EndsWith('K') ? memory[..^1] + "k" : memory;
        }
        if (resources.Cpus is { } cpus)
        {
            limits["cpu"] = cpus;
        }
        if (resources.Pids is { } pids)
        {
            unexpressed.Keep("resources.pids");
            warnings.Add("spec.resources.pids", $"Kubernetes limits processes per node (kubelet's podPidsLimit), not per container: {pids} not exported; kept in {KubernetesConventions.UnexpressedAnnotation}");
        }
        return limits.Count == 0 ? null : new JsonObject { ["limits"] = limits };
    }

    /// <summary>Homelab's secure defaults said in Kubernetes' words: no capabilities but those added, no privilege escalation.</summary>
    private static JsonObject Security(SecurityContext? security)
    {
        var result = new JsonObject();
        var added = (security?.Capabilities?.Add ?? []).Select(c => (JsonNode)LinuxCapabilities.Normalize(c)["CAP_".Length..]).ToArray();
        if (security?.Privileged == true)
        {
            result["privileged"] = true;
            if (added.Length > 0)
            {
                result["capabilities"] = new JsonObject { ["add"] = new JsonArray(added) };
            }
        }
        else
        {
            if (security?.Privileged == false)
            {
                result["privileged"] = false; // said in so many words: kept, so import gives it back
            }
            result["allowPrivilegeEscalation"] = false;
            var capabilities = new JsonObject { ["drop"] = new JsonArray("ALL") };
            if (added.Length > 0)
            {
                capabilities["add"] = new JsonArray(added);
            }
            result["capabilities"] = capabilities;
        }
        if (security?.RunAsUser is { } user)
        {
            result["runAsUser"] = user;
            if (security.RunAsGroup is { } group)
            {
                result["runAsGroup"] = group;
            }
        }
        if (security?.ReadOnlyRootFilesystem is { } readOnly)
        {
            result["readOnlyRootFilesystem"] = readOnly;
        }
        return result;
    }
}
