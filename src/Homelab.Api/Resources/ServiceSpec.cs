namespace Homelab.Api.Resources;

public sealed class ServiceSpec
{
    /// <summary>repo:tag, repo:tag@sha256:… or repo@sha256:….</summary>
    public string Image { get; set; } = "";
    public List<string>? Command { get; set; }
    public List<string>? Args { get; set; }
    public string? WorkingDir { get; set; }
    public List<EnvVar>? Env { get; set; }
    public List<ServicePort>? Ports { get; set; }
    public List<VolumeMount>? Volumes { get; set; }
    public List<ConfigFile>? ConfigFiles { get; set; }
    /// <summary>Secrets mounted read-only as files (one file per key, or the keys <see cref="SecretMount.Items"/> names).</summary>
    public List<SecretMount>? Secrets { get; set; }
    public List<DeviceMapping>? Devices { get; set; }
    public ResourceLimits? Resources { get; set; }
    public HealthCheck? HealthCheck { get; set; }
    /// <summary>
    /// Seconds a new container without a health check must keep running before it counts as Ready (Kubernetes'
    /// minReadySeconds); 1 when omitted, 0 allowed. A container with a health check is Ready when the check passes.
    /// </summary>
    public int? MinReadySeconds { get; set; }
    /// <summary>Always, OnFailure or Never.</summary>
    public string? RestartPolicy { get; set; }
    public string? StopGracePeriod { get; set; }
    public SecurityContext? SecurityContext { get; set; }
    public List<ExtraNetwork>? ExtraNetworks { get; set; }
    /// <summary>
    /// The address families of the Service's network, primary first (Kubernetes' spec.ipFamilies): [IPv4, IPv6] when
    /// omitted, [IPv4] for <see cref="IpFamilyPolicies.SingleStack"/>.
    /// </summary>
    public List<string>? IpFamilies { get; set; }
    /// <summary>SingleStack, PreferDualStack or RequireDualStack (Kubernetes' spec.ipFamilyPolicy); PreferDualStack when omitted.</summary>
    public string? IpFamilyPolicy { get; set; }
}

public sealed class EnvVar
{
    public string Name { get; set; } = "";
    public string Value { get; set; } = "";
    /// <summary>Accepted so Kubernetes manifests read, and refused with the reason: see the validator.</summary>
    public EnvVarSource? ValueFrom { get; set; }
}

public sealed class EnvVarSource
{
    public SecretKeySelector? SecretKeyRef { get; set; }
}

public sealed class ServicePort
{
    public string? Name { get; set; }
    public int ContainerPort { get; set; }
    /// <summary>TCP or UDP; TCP when omitted.</summary>
    public string? Protocol { get; set; }
    public int? HostPort { get; set; }
    public string? HostIP { get; set; }
}

/// <summary>A managed named volume (name) or a bind mount (hostPath).</summary>
public sealed class VolumeMount
{
    public string? Name { get; set; }
    public string? HostPath { get; set; }
    public string MountPath { get; set; } = "";
    public bool? ReadOnly { get; set; }
}

/// <summary>A file mounted read-only and verbatim: the program's own configuration format.</summary>
public sealed class ConfigFile
{
    public string MountPath { get; set; } = "";
    public string Content { get; set; } = "";
    /// <summary>The file is one value of a Secret, verbatim (exclusive with <see cref="Content"/>); mode 0400 when omitted.</summary>
    public SecretKeySelector? FromSecret { get; set; }
    /// <summary>Octal file mode such as "0444"; 0444 when omitted (0400 for <see cref="FromSecret"/>).</summary>
    public string? Mode { get; set; }
}

/// <summary>One value of a Secret in the Service's namespace.</summary>
public sealed class SecretKeySelector
{
    public string Name { get; set; } = "";
    public string Key { get; set; } = "";
}

/// <summary>A Secret of the Service's namespace as a read-only directory of files, one per key.</summary>
public sealed class SecretMount
{
    public string Name { get; set; } = "";
    public string MountPath { get; set; } = "";
    /// <summary>Only these keys, each at its own path under <see cref="MountPath"/>; every key, named as the key, when omitted.</summary>
    public List<SecretItem>? Items { get; set; }
    /// <summary>Octal mode of the files such as "0440"; 0400 when omitted.</summary>
    public string? DefaultMode { get; set; }
}

public sealed class SecretItem
{
    public string Key { get; set; } = "";
    /// <summary>Relative path of the file under the mount, e.g. "password" or "tls/server.key".</summary>
    public string Path { get; set; } = "";
    public string? Mode { get; set; }
}

public sealed class DeviceMapping
{
    public string HostPath { get; set; } = "";
    public string? ContainerPath { get; set; }
    /// <summary>Any of r, w, m; rwm when omitted.</summary>
    public string? Permissions { get; set; }
}

public sealed class ResourceLimits
{
    /// <summary>A size such as "512Mi".</summary>
    public string? Memory { get; set; }
    /// <summary>A decimal such as "2.5".</summary>
    public string? Cpus { get; set; }
    public int? Pids { get; set; }
}

/// <summary>
/// A check homelabd runs in the container: it gates readiness and, after <see cref="FailureThreshold"/> failures in a
/// row, restarts the container (Kubernetes' readiness and liveness probe in one). Kubernetes' names
/// (periodSeconds, timeoutSeconds, failureThreshold, startPeriodSeconds) and the compose-style ones (interval, timeout,
/// retries, startPeriod) are both accepted, one of each pair.
/// </summary>
public sealed class HealthCheck
{
    public List<string> Command { get; set; } = [];
    public string? Interval { get; set; }
    public string? Timeout { get; set; }
    public int? Retries { get; set; }
    public string? StartPeriod { get; set; }
    public int? PeriodSeconds { get; set; }
    public int? TimeoutSeconds { get; set; }
    public int? FailureThreshold { get; set; }
    public int? StartPeriodSeconds { get; set; }
}

public sealed class SecurityContext
{
    public long? RunAsUser { get; set; }
    public long? RunAsGroup { get; set; }
    public bool? ReadOnlyRootFilesystem { get; set; }
    public Capabilities? Capabilities { get; set; }
    public bool? Privileged { get; set; }
    /// <summary>auto (a private user namespace where the host supports it) or host.</summary>
    public string? UserNamespace { get; set; }
}

public sealed class Capabilities
{
    public List<string>? Add { get; set; }
}

/// <summary>A LAN attachment for IoT-style needs.</summary>
public sealed class ExtraNetwork
{
    public string Name { get; set; } = "";
    /// <summary>macvlan or ipvlan.</summary>
    public string Driver { get; set; } = "";
    public string Parent { get; set; } = "";
    public string? Subnet { get; set; }
    public string? Gateway { get; set; }
    public string? Ip { get; set; }
}
